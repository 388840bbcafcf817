/**
 * Endpoints grouped by kind and by service, computed once per endpoint list: matching a call used
 * to scan every endpoint of the workspace, which is quadratic in the number of services
 * (thousands of calls times thousands of endpoints on a million-line monorepo). The groups keep
 * the list's order, so a filter over a group returns what the same filter over the list did.
 */
import type { Endpoint } from '../model';

interface Groups {
  /** The list's length when grouped: the linker appends to its list, which invalidates the groups. */
  length: number;
  byKind: Map<Endpoint['kind'], Endpoint[]>;
  /** HTTP endpoints with a path, by service. */
  httpByService: Map<string, Endpoint[]>;
}

const memo = new WeakMap<readonly Endpoint[], Groups>();

function groups(endpoints: readonly Endpoint[]): Groups {
  const known = memo.get(endpoints);
  if (known && known.length === endpoints.length) return known;
  const g: Groups = { length: endpoints.length, byKind: new Map(), httpByService: new Map() };
  for (const e of endpoints) {
    (g.byKind.get(e.kind) ?? g.byKind.set(e.kind, []).get(e.kind)!).push(e);
    if (e.kind === 'http' && e.path !== undefined) (g.httpByService.get(e.service) ?? g.httpByService.set(e.service, []).get(e.service)!).push(e);
  }
  memo.set(endpoints, g);
  return g;
}

/** The endpoints of one kind, in list order. */
export function endpointsOfKind(endpoints: readonly Endpoint[], kind: Endpoint['kind']): readonly Endpoint[] {
  return groups(endpoints).byKind.get(kind) ?? [];
}

/** The HTTP endpoints with a path of one service, in list order. */
export function httpEndpointsOf(endpoints: readonly Endpoint[], service: string): readonly Endpoint[] {
  return groups(endpoints).httpByService.get(service) ?? [];
}
