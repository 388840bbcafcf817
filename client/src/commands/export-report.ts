import { exportReport as run } from '../reports';
import type { CommandDefinition } from './index';

/** switchboard.exportReport: writes Markdown, JSON, SARIF, Mermaid, DOT or AsyncAPI where the user chooses. */
export const exportReport: CommandDefinition = {
  id: 'switchboard.exportReport',
  create: (ctx) => () => run(ctx.client()),
};
