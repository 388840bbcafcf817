/**
 * hard-coded-endpoint: a call to another service at a literal host and port, which only works
 * where that service happens to run there.
 */
import type { Interaction } from '../model';
import { defineRule, type RuleContext } from './rule';

/** An environment variable of the caller that already points at the callee, to suggest instead. */
function configuredAlternative(ctx: RuleContext, i: Interaction): string | undefined {
  const caller = ctx.program.service(i.service);
  if (!caller) return undefined;
  const hosts = new Set(i.callees.flatMap((c) => ctx.program.service(c)?.hosts ?? [c]));
  for (const [name, value] of Object.entries(caller.env).sort()) {
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:]+)/i.exec(value);
    if (m && hosts.has(m[1]!)) return name;
  }
  return undefined;
}

export const hardCodedEndpoint = defineRule({
  id: 'hard-coded-endpoint',
  description: 'A call reaches another service at a literal host and port instead of a configured address.',
  defaultSeverity: 'warning',
  defaultOptions: {},
  optionDocs: {},
  check(model, ctx) {
    return model.interactions
      .filter((i) => i.traits?.hardCodedHost && i.callees.length > 0)
      .map((i) => {
        const alt = configuredAlternative(ctx, i);
        return {
          message: `${i.callees.join(', ')} is reached at the hard-coded address ${i.traits!.hardCodedHost}: this works only where ${i.callees.join(', ')} runs on that host and port. Read the address from configuration${alt ? ` (${i.service} already has ${alt})` : ''}.`,
          ...(i.callSite ? { file: i.callSite.file, line: i.callSite.line, column: i.callSite.column } : { file: i.file, line: i.line, column: i.column, endLine: i.endLine, endColumn: i.endColumn }),
        };
      });
  },
});
