import { showReport } from '../reports';
import type { CommandDefinition } from './index';

/** switchboard.showEventCatalog: every channel with its publishers and subscribers. */
export const showEventCatalog: CommandDefinition = {
  id: 'switchboard.showEventCatalog',
  create: (ctx) => () => showReport(ctx.client(), 'events'),
};
