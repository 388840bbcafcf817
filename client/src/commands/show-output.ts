import type { CommandDefinition } from './index';

/** switchboard.showOutput: reveals the server's log. */
export const showOutput: CommandDefinition = {
  id: 'switchboard.showOutput',
  create: (ctx) => () => ctx.output.show(true),
};
