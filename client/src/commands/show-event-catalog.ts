import type { CommandDefinition } from './index';

/** switchboard.showEventCatalog: every channel with its publishers and subscribers. */
export const showEventCatalog: CommandDefinition = {
  id: 'switchboard.showEventCatalog',
  create: (ctx) => () => ctx.reports.show(ctx.client(), 'events'),
};
