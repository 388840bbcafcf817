/**
 * architecture-absence: an `allow` between two named services that the code never uses (in some
 * or all of its styles), reported on the statement.
 */
import { absenceFindings } from '../../architecture/check';
import { defineRule } from './rule';

export const architectureAbsence = defineRule({
  id: 'architecture-absence',
  description: 'The architecture file allows an interaction between two services that the code never makes.',
  defaultSeverity: 'warning',
  defaultOptions: {},
  optionDocs: {},
  check(model, ctx) {
    return ctx.architecture ? absenceFindings(ctx.architecture, model) : [];
  },
});
