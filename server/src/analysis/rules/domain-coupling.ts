/**
 * domain-coupling: a service that depends on more other services' domains than allowed — it calls
 * them, consumes their events or shares their data.
 */
import type { Interaction } from '../model';
import { defineRule, type RuleContext, type RuleFinding } from './rule';

/** For each service, the services whose domain it depends on, with one interaction that shows it. */
export function domainDependencies(interactions: readonly Interaction[]): Map<string, Map<string, Interaction>> {
  const deps = new Map<string, Map<string, Interaction>>();
  const add = (from: string, to: string, why: Interaction): void => {
    if (from === to) return;
    const m = deps.get(from) ?? deps.set(from, new Map()).get(from)!;
    if (!m.has(to)) m.set(to, why);
  };
  for (const i of interactions) {
    if (i.style === 'event') {
      // a consumer needs the producer's facts; the producer does not need its consumers
      for (const c of i.callees) add(c, i.service, i);
    } else {
      // requests of every style, and shared data (each sharer depends on the others)
      for (const c of i.callees) add(i.service, c, i);
    }
  }
  return deps;
}

/** The file a service starts from (where it listens or bootstraps), to anchor service-level findings. */
function serviceAnchor(ctx: RuleContext, service: string): { file: string; line: number } | undefined {
  const files = ctx.program.ownedFiles(service).filter((f) => f.starts.length).sort((a, b) => a.file.localeCompare(b.file));
  const f = files[0];
  return f ? { file: f.file, line: f.starts[0]!.line } : undefined;
}

export const domainCoupling = defineRule({
  id: 'domain-coupling',
  description: 'A service depends on more other services (calls them, consumes their events, shares their data) than allowed.',
  defaultSeverity: 'info',
  defaultOptions: { maxDependencies: 5 },
  optionDocs: { maxDependencies: 'The most other services one service may depend on: services it calls, whose events it consumes, or whose data it shares.' },
  check(model, ctx, options) {
    const out: RuleFinding[] = [];
    for (const [service, deps] of [...domainDependencies(model.interactions)].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (deps.size <= options.maxDependencies) continue;
      const list = [...deps].sort((a, b) => a[0].localeCompare(b[0]));
      const first = list.map(([, i]) => i).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)[0]!;
      const anchor = serviceAnchor(ctx, service) ?? (first.service === service ? { file: first.file, line: first.line } : undefined);
      if (!anchor) continue;
      out.push({
        message: `${service} depends on ${deps.size} other services (${list.map(([s]) => s).join(', ')}); at most ${options.maxDependencies} allowed. Each one's changes and outages reach ${service}: merge responsibilities or let it receive the data it needs in events.`,
        file: anchor.file,
        line: anchor.line,
        related: list.map(([s, i]) => ({ message: `${i.style === 'event' ? `consumes ${s}'s event` : i.style === 'common-data' ? `shares data with ${s}` : `calls ${s}`} (${i.target})`, file: i.file, line: i.line, column: i.column })),
      });
    }
    return out;
  },
});
