import type { CommandDefinition } from './index';

/** switchboard.showSyncChains: every synchronous chain, hop by hop, with cycles. */
export const showSyncChains: CommandDefinition = {
  id: 'switchboard.showSyncChains',
  create: (ctx) => () => ctx.reports.show(ctx.client(), 'chains'),
};
