import type { CommandDefinition } from './index';

/** switchboard.restartServer: stops and starts the language server. */
export const restartServer: CommandDefinition = {
  id: 'switchboard.restartServer',
  create: (ctx) => () => ctx.restart(),
};
