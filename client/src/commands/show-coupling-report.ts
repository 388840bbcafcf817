import { showReport } from '../reports';
import type { CommandDefinition } from './index';

/** switchboard.showCouplingReport: per service, sync dependencies, temporal-coupling set, domain coupling and shared data. */
export const showCouplingReport: CommandDefinition = {
  id: 'switchboard.showCouplingReport',
  create: (ctx) => () => showReport(ctx.client(), 'coupling'),
};
