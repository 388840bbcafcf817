/**
 * temporal-coupling: the services that must all be up at the same time for an entry point to
 * succeed (the transitive closure of its synchronous calls) and the availability that implies.
 * A hint at each synchronous call; a warning at an entry point whose set passes the threshold.
 */
import type { Endpoint, Interaction } from '../model';
import { endpointLabel, isSyncCall, type Reach, reachOf } from './reach';
import { defineRule, type RuleFinding } from './rule';

/** Services a synchronous call needs up: its callees and, through the endpoints it reaches, theirs. */
function closureOfCall(reach: Reach, call: Interaction, memo: Map<string, Set<string>>, visiting: Set<string>): Set<string> {
  const out = new Set<string>(call.callees);
  for (const id of call.endpoints) {
    const ep = reach.endpointById.get(id);
    if (!ep || !call.callees.includes(ep.service)) continue;
    for (const s of closureOfEndpoint(reach, ep, memo, visiting)) out.add(s);
  }
  return out;
}

/** Services other than its own that an endpoint needs up, through its synchronous calls. */
function closureOfEndpoint(reach: Reach, ep: Endpoint, memo: Map<string, Set<string>>, visiting: Set<string>): Set<string> {
  const cached = memo.get(ep.id);
  if (cached) return cached;
  // a cycle: what is being computed further up already counts these services
  if (visiting.has(ep.id)) return new Set();
  visiting.add(ep.id);
  const out = new Set<string>();
  for (const call of reach.syncCallsOf(ep)) for (const s of closureOfCall(reach, call, memo, visiting)) out.add(s);
  visiting.delete(ep.id);
  out.delete(ep.service);
  memo.set(ep.id, out);
  return out;
}

function percent(x: number): string {
  return `${(x * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

export const temporalCoupling = defineRule({
  id: 'temporal-coupling',
  description: 'Services that must all be up at the same time for an entry point to succeed, and the availability that implies.',
  defaultSeverity: 'warning',
  defaultOptions: { maxServices: 5, serviceAvailability: 0.999, hintEachCall: true },
  optionDocs: {
    maxServices: 'The most other services an entry point may need up at the same time (through synchronous calls, transitively) before a warning.',
    serviceAvailability: 'The availability assumed for each service (0.999 = 99.9 %), used to show the availability an entry point can reach at best.',
    hintEachCall: 'Show a hint at each synchronous call with the services it needs up.',
  },
  check(model, ctx, options) {
    const reach = reachOf(ctx.program, model);
    const memo = new Map<string, Set<string>>();
    const a = options.serviceAvailability;
    const out: RuleFinding[] = [];
    if (options.hintEachCall) {
      for (const call of model.interactions) {
        if (!isSyncCall(call)) continue;
        const needed = [...closureOfCall(reach, call, memo, new Set())].filter((s) => s !== call.service).sort();
        if (!needed.length) continue;
        const n = needed.length + 1;
        out.push({
          severity: 'hint',
          message: `Temporal coupling: this call needs ${needed.join(', ')} up at the same time as ${call.service} (${n} services; at ${percent(a)} each, ${percent(a ** n)} at best).`,
          file: call.file,
          line: call.line,
          column: call.column,
          endLine: call.endLine,
          endColumn: call.endColumn,
        });
      }
    }
    for (const ep of model.endpoints) {
      const needed = [...closureOfEndpoint(reach, ep, memo, new Set())].sort();
      if (needed.length <= options.maxServices) continue;
      const n = needed.length + 1;
      const calls = reach.syncCallsOf(ep);
      out.push({
        message: `${endpointLabel(ep)} in ${ep.service} needs ${n} services up at the same time (${[ep.service, ...needed].join(', ')}); at ${percent(a)} each it succeeds ${percent(a ** n)} of the time at best. At most ${options.maxServices} other services allowed: make some of these calls asynchronous or cache their data.`,
        file: ep.file,
        line: ep.line,
        column: ep.column,
        related: calls.map((c) => ({ message: `synchronous call to ${c.callees.join(', ')} (${c.target})`, file: c.file, line: c.line, column: c.column })),
      });
    }
    return out;
  },
});
