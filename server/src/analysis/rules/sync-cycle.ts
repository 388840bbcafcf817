/**
 * sync-cycle: services that synchronously call each other in a cycle — a call made while handling
 * a request reaches, through synchronous hops, a service already waiting in that chain.
 */
import type { Endpoint, Interaction } from '../model';
import { reachOf } from './reach';
import { defineRule, type RuleFinding } from './rule';

/** Endpoint-to-endpoint walks stop after this many hops, and the whole search after this many steps. */
const MAX_DEPTH = 10;
const MAX_STEPS = 50_000;

export const syncCycle = defineRule({
  id: 'sync-cycle',
  description: 'Services call each other synchronously in a cycle.',
  defaultSeverity: 'error',
  defaultOptions: {},
  optionDocs: {},
  check(model, ctx) {
    const reach = reachOf(ctx.program, model);
    // cycles found, keyed by their calls so each is reported once whichever endpoint the walk began at
    const cycles = new Map<string, { services: string[]; calls: Interaction[] }>();
    let steps = 0;
    const walk = (ep: Endpoint, services: string[], calls: Interaction[]): void => {
      if (services.length > MAX_DEPTH) return;
      for (const call of reach.syncCallsOf(ep)) {
        for (const callee of call.callees) {
          if (++steps > MAX_STEPS) return;
          const at = services.indexOf(callee);
          if (at >= 0) {
            const loop = [...calls.slice(at), call];
            const key = loop.map((c) => c.id).sort().join('|');
            if (!cycles.has(key)) cycles.set(key, { services: [...services.slice(at), callee], calls: loop });
            continue;
          }
          for (const id of call.endpoints) {
            const next = reach.endpointById.get(id);
            if (next && next.service === callee) walk(next, [...services, callee], [...calls, call]);
          }
        }
      }
    };
    for (const ep of model.endpoints) walk(ep, [ep.service], []);

    // one finding per cycle, at the call that leaves the service the cycle comes back to
    const out: RuleFinding[] = [];
    for (const { services, calls } of [...cycles.values()].sort((a, b) => a.services.length - b.services.length)) {
      const call = calls[0]!;
      // a call inside a shared wrapper is reported where the business code calls the wrapper
      const at = call.callSite ?? call;
      out.push({
        message: `Synchronous cycle: ${services.join(' → ')}. Each service in it waits on the next while holding its own request: a slow or failing service stalls all of them, and calls can recurse.`,
        file: at.file,
        line: at.line,
        column: at.column,
        ...(call.callSite ? {} : { endLine: call.endLine, endColumn: call.endColumn }),
        related: [
          ...(call.callSite ? [{ message: `the call itself (${call.target})`, file: call.file, line: call.line, column: call.column }] : []),
          ...calls.slice(1).map((c) => ({ message: `then ${c.service} calls ${c.callees.join(', ')} (${c.target})`, file: c.callSite?.file ?? c.file, line: c.callSite?.line ?? c.line, column: c.callSite?.column ?? c.column })),
        ],
      });
    }
    return out;
  },
});
