/**
 * What rules ask of the call graph: which functions an endpoint's handler reaches, which
 * endpoints (entry points) reach a given function, and the remote calls made while handling an
 * endpoint. Built once per analysis result and shared by the rules.
 */
import type { Program } from '../link/program';
import type { AnalysisResult, Endpoint, Interaction } from '../model';

/** Call-graph queries over one analysis result. */
export class Reach {
  private readonly reachCache = new Map<string, Set<string>>();
  private entriesByFunction: Map<string, Endpoint[]> | undefined;
  private readonly byService = new Map<string, Interaction[]>();
  /** Per service, the positions in `byService` of each function's interactions. */
  private readonly byFunction = new Map<string, Map<string, number[]>>();
  readonly endpointById: Map<string, Endpoint>;

  constructor(
    readonly program: Program,
    readonly model: AnalysisResult,
  ) {
    this.endpointById = new Map(model.endpoints.map((e) => [e.id, e]));
    for (const i of model.interactions) {
      const list = this.byService.get(i.service) ?? this.byService.set(i.service, []).get(i.service)!;
      if (i.function !== undefined) {
        const fns = this.byFunction.get(i.service) ?? this.byFunction.set(i.service, new Map()).get(i.service)!;
        (fns.get(i.function) ?? fns.set(i.function, []).get(i.function)!).push(list.length);
      }
      list.push(i);
    }
  }

  /** Functions run while handling the endpoint (its handler and everything it calls in-process). */
  functionsOf(ep: Endpoint): Set<string> {
    if (!ep.handler) return new Set();
    let r = this.reachCache.get(ep.handler);
    if (!r) {
      r = this.program.reachable(ep.handler);
      this.reachCache.set(ep.handler, r);
    }
    return r;
  }

  /** Endpoints of `service` whose handling reaches the function. */
  entriesOf(fn: string | undefined, service: string): Endpoint[] {
    if (!fn) return [];
    if (!this.entriesByFunction) {
      this.entriesByFunction = new Map();
      for (const ep of this.model.endpoints) {
        for (const f of this.functionsOf(ep)) (this.entriesByFunction.get(f) ?? this.entriesByFunction.set(f, []).get(f)!).push(ep);
      }
    }
    return (this.entriesByFunction.get(fn) ?? []).filter((e) => e.service === service);
  }

  /** Interactions of the endpoint's service made while handling it. */
  callsOf(ep: Endpoint, filter: (i: Interaction) => boolean = () => true): Interaction[] {
    const fns = this.functionsOf(ep);
    const list = this.byService.get(ep.service) ?? [];
    const byFunction = this.byFunction.get(ep.service);
    if (!byFunction || fns.size >= list.length) return list.filter((i) => i.function !== undefined && fns.has(i.function) && filter(i));
    // a handler reaches few of its service's functions: look its functions up rather than test every interaction
    const at: number[] = [];
    for (const fn of fns) for (const n of byFunction.get(fn) ?? []) at.push(n);
    at.sort((a, b) => a - b);
    const out: Interaction[] = [];
    for (const n of at) if (filter(list[n]!)) out.push(list[n]!);
    return out;
  }

  /** Synchronous request-response calls to known services made while handling the endpoint. */
  syncCallsOf(ep: Endpoint): Interaction[] {
    return this.callsOf(ep, isSyncCall);
  }
}

/** A blocking call to a known service. */
export function isSyncCall(i: Interaction): boolean {
  return i.style === 'sync-request-response' && i.callees.length > 0;
}

const cache = new WeakMap<AnalysisResult, Reach>();

/** The shared call-graph view for a result. */
export function reachOf(program: Program, model: AnalysisResult): Reach {
  let r = cache.get(model);
  if (!r || r.program !== program) {
    r = new Reach(program, model);
    cache.set(model, r);
  }
  return r;
}

/** A readable name for an endpoint: `POST /api/orders`, `kafka order.created`. */
export function endpointLabel(ep: Endpoint): string {
  if (ep.kind === 'http') return `${ep.method ?? 'ANY'} ${ep.path ?? '/'}`;
  return `${ep.mechanism ?? ep.kind} ${ep.channel ?? '?'}`;
}
