/**
 * remote-call-in-loop: a remote request made once per item of a collection (the chatty N+1
 * pattern), directly in the loop or through an in-process helper the loop calls.
 */
import type { Interaction } from '../model';
import { defineRule, type RuleContext, type RuleFinding } from './rule';

/** How far up through in-process callers a loop is looked for. */
const MAX_DEPTH = 3;

/** A call site in a loop that (through in-process calls) makes the remote call, if any. */
function loopAbove(ctx: RuleContext, i: Interaction): { file: string; line: number; column: number } | undefined {
  const seen = new Set<string>();
  let frontier = i.function ? [i.function] : [];
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: string[] = [];
    for (const fn of frontier) {
      for (const { from, site } of ctx.program.callersOf(fn)) {
        const file = from.id.slice(0, from.id.indexOf('#'));
        // only the caller's own code: a shared helper looped over by another service is that service's finding
        if (!ctx.program.servicesOf(file).includes(i.service)) continue;
        if (i.callSite && depth === 0 && (file !== i.callSite.file || site.line !== i.callSite.line)) continue;
        if (site.inLoop && site.line) return { file, line: site.line, column: site.column ?? 1 };
        if (!seen.has(from.id)) {
          seen.add(from.id);
          next.push(from.id);
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

export const remoteCallInLoop = defineRule({
  id: 'remote-call-in-loop',
  description: 'A remote request is made once per item of a collection (N+1), directly or through a helper.',
  defaultSeverity: 'warning',
  defaultOptions: {},
  optionDocs: {},
  check(model, ctx) {
    const out: RuleFinding[] = [];
    for (const i of model.interactions) {
      if (!i.callees.length || i.style === 'event' || i.style === 'common-data') continue;
      const what = `${i.target} to ${i.callees.join(', ')}`;
      const advice = `one round trip per item multiplies latency and load on ${i.callees.join(', ')}; fetch them in one batch request, or have the data sent along.`;
      if (i.traits?.inLoop) {
        out.push({ message: `${what} runs once per item of a loop: ${advice}`, file: i.file, line: i.line, column: i.column, endLine: i.endLine, endColumn: i.endColumn });
        continue;
      }
      const loop = loopAbove(ctx, i);
      if (loop) {
        out.push({
          message: `This loop makes ${what} once per item (through ${i.callSite ? 'a helper' : 'in-process calls'}): ${advice}`,
          ...loop,
          related: [{ message: `the remote call (${i.target})`, file: i.file, line: i.line, column: i.column }],
        });
      }
    }
    return out;
  },
});
