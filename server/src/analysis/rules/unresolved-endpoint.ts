/**
 * unresolved-endpoint: a request that no known service implements — a route the target service
 * does not have, a local address no service listens on, a message pattern nobody answers.
 */
import type { AnalysisResult, Interaction } from '../model';
import { unknownName } from './facts-of';
import { defineRule, type RuleFinding } from './rule';
import { endpointsOfKind } from '../link/endpoint-index';

const offeringMemo = new WeakMap<readonly unknown[], { length: number; byKind: Map<string, Set<string>> }>();

/** The services with at least one endpoint of a kind (`http|trpc`: tRPC procedures only); was a filter of every endpoint per interaction. */
function servicesOffering(model: AnalysisResult, kind: string): Set<string> {
  let m = offeringMemo.get(model.endpoints);
  if (!m || m.length !== model.endpoints.length) {
    m = { length: model.endpoints.length, byKind: new Map() };
    const add = (key: string, service: string): void => void (m!.byKind.get(key) ?? m!.byKind.set(key, new Set()).get(key)!).add(service);
    for (const kind of ['http', 'grpc'] as const) {
      for (const e of endpointsOfKind(model.endpoints, kind)) {
        add(kind, e.service);
        if (e.framework === 'trpc') add(`${kind}|trpc`, e.service);
      }
    }
    offeringMemo.set(model.endpoints, m);
  }
  return m.byKind.get(kind) ?? new Set();
}

/** Reasons that say the target is known but nothing serves it (as opposed to "could not be read"). */
const NOTHING_SERVES = [/^localhost\S* matches no service's port/, /^no service handles it/];

/** A known service was reached but none of its endpoints of that kind matches the call. */
function missingRoute(model: AnalysisResult, i: Interaction): string | undefined {
  if (!i.callees.length || i.endpoints.length) return undefined;
  // tRPC procedures are HTTP endpoints of their server
  const kind = i.mechanism === 'http' || i.mechanism === 'trpc' ? 'http' : i.mechanism === 'grpc' ? 'grpc' : undefined;
  if (!kind) return undefined;
  // the target must be read completely, and the callee's endpoints of that kind must be known to us
  // (a proxy forwarding `/auth/*`, any method, serves whatever paths the upstream has)
  if (i.target.includes('{?}') || i.target.includes('*') || i.target.startsWith('ANY ')) return undefined;
  // (a tRPC call is served only by tRPC procedures)
  const offering = servicesOffering(model, i.mechanism === 'trpc' ? `${kind}|trpc` : kind);
  if (!i.callees.some((c) => offering.has(c))) return undefined;
  const what = i.mechanism === 'trpc' ? 'tRPC procedure' : kind === 'http' ? 'route' : 'method';
  return `${i.callees.join(', ')} has no ${what} that matches ${i.target}`;
}

export const unresolvedEndpoint = defineRule({
  id: 'unresolved-endpoint',
  description: 'A request reaches no endpoint that a known service implements.',
  defaultSeverity: 'warning',
  defaultOptions: { reportUnknownTargets: false },
  optionDocs: {
    reportUnknownTargets: 'Also report requests whose target could not be read statically or matches several services (as hints).',
  },
  check(model, _ctx, options) {
    const out: RuleFinding[] = [];
    for (const i of model.interactions) {
      if (i.style === 'event' || i.style === 'common-data') continue;
      const at = i.callSite ? { file: i.callSite.file, line: i.callSite.line, column: i.callSite.column } : { file: i.file, line: i.line, column: i.column, endLine: i.endLine, endColumn: i.endColumn };
      const missing = missingRoute(model, i);
      if (missing) {
        out.push({ message: `${i.service} calls ${i.target}, but ${missing}: the call fails at run time (or the route is served by something we cannot see).`, ...at });
        continue;
      }
      if (!i.unresolved) continue;
      // a message pattern we could not read completely may well be answered by someone
      if (NOTHING_SERVES.some((re) => re.test(i.unresolved!)) && !i.target.includes('{?}') && !unknownName(i.channel ?? i.target)) {
        out.push({ message: `${i.service} calls ${i.target}, but ${i.unresolved}: nothing would answer it.`, ...at });
      } else if (options.reportUnknownTargets) {
        out.push({ severity: 'hint', message: `The target of ${i.target} is not known: ${i.unresolved}.`, ...at });
      }
    }
    return out;
  },
});
