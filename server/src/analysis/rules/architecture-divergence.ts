/**
 * architecture-divergence: an interaction the architecture file denies, or that no `allow` covers
 * when the file has allows — reported at the call site and on the statement it breaks.
 */
import { divergenceFindings } from '../../architecture/check';
import { defineRule } from './rule';

export const architectureDivergence = defineRule({
  id: 'architecture-divergence',
  description: 'The code makes an interaction that the architecture file denies or does not allow.',
  defaultSeverity: 'error',
  defaultOptions: {},
  optionDocs: {},
  check(model, ctx) {
    return ctx.architecture ? divergenceFindings(ctx.architecture, model) : [];
  },
});
