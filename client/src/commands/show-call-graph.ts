import type { CommandDefinition } from './index';

/** switchboard.showCallGraph: opens the call-graph panel (optionally focused on a service name). */
export const showCallGraph: CommandDefinition = {
  id: 'switchboard.showCallGraph',
  create: (ctx) => (service?: unknown) => ctx.graph.show(typeof service === 'string' ? service : undefined),
};
