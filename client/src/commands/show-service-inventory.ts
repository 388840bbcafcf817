import type { CommandDefinition } from './index';

/** switchboard.showServiceInventory: every service's endpoints and their callers. */
export const showServiceInventory: CommandDefinition = {
  id: 'switchboard.showServiceInventory',
  create: (ctx) => () => ctx.reports.show(ctx.client(), 'inventory'),
};
