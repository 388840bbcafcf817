import type { CommandDefinition } from './index';

/** switchboard.showCouplingReport: per service, sync dependencies, temporal-coupling set, domain coupling and shared data. */
export const showCouplingReport: CommandDefinition = {
  id: 'switchboard.showCouplingReport',
  create: (ctx) => () => ctx.reports.show(ctx.client(), 'coupling'),
};
