/**
 * shared-data: a data store that more than one service touches (common coupling) — worse when a
 * service writes data that another owns (content coupling).
 */
import type { Interaction } from '../model';
import { ownerOfStore } from '../../architecture/check';
import { defineRule, type RuleFinding } from './rule';

/** The owner of a store: as the data linking tells it, or a service named like the store. */
function ownerOf(accesses: Interaction[], services: string[], store: string, dataEndpointOwner: string | undefined): string | undefined {
  const told = accesses.map((a) => a.owner).find((o) => !!o);
  if (told) return told;
  if (dataEndpointOwner) return dataEndpointOwner;
  // `orders` owns the orders table, `user-service` the users collection
  const words = store.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const singular = (w: string): string => w.replace(/(ies)$/, 'y').replace(/s$/, '');
  const hits = services.filter((s) => {
    const name = singular(s.toLowerCase().replace(/[-_](service|svc|api|app|ms)$/, ''));
    return words.some((w) => singular(w) === name);
  });
  return hits.length === 1 ? hits[0] : undefined;
}

export const sharedData = defineRule({
  id: 'shared-data',
  description: 'A data store is touched by more than one service; worst when a service writes data that another owns.',
  defaultSeverity: 'warning',
  defaultOptions: {},
  optionDocs: {},
  check(model, ctx) {
    const byStore = new Map<string, Interaction[]>();
    const dataEndpoints = model.endpoints.filter((e) => e.kind === 'data');
    const dataOrder = new Map<string, number>();
    dataEndpoints.forEach((e, n) => {
      if (!dataOrder.has(e.id)) dataOrder.set(e.id, n);
    });
    for (const i of model.interactions) {
      if (i.style !== 'common-data' || !i.store) continue;
      (byStore.get(i.store) ?? byStore.set(i.store, []).get(i.store)!).push(i);
    }
    const out: RuleFinding[] = [];
    for (const [store, accesses] of [...byStore].sort((a, b) => a[0].localeCompare(b[0]))) {
      const services = [...new Set(accesses.map((a) => a.service))].sort();
      if (services.length < 2) continue;
      // the first data endpoint in model order that an access reaches (was a scan of every endpoint per store)
      let first = Infinity;
      for (const a of accesses) for (const id of a.endpoints) first = Math.min(first, dataOrder.get(id) ?? Infinity);
      const dataEp = Number.isFinite(first) ? dataEndpoints[first] : undefined;
      // a `data … owned by` statement of the architecture file says it best
      const owner = (ctx.architecture ? ownerOfStore(ctx.architecture.policy, store) : undefined) ?? ownerOf(accesses, services, store, dataEp?.service);
      for (const service of services) {
        if (service === owner) continue;
        const mine = accesses.filter((a) => a.service === service).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
        const write = mine.find((a) => a.access === 'write');
        const at = write ?? mine[0]!;
        const others = services.filter((s) => s !== service);
        const related = [
          ...mine.filter((a) => a !== at).map((a) => ({ message: `${service} ${a.access === 'write' ? 'writes' : 'reads'} ${store} here too`, file: a.file, line: a.line, column: a.column })),
          ...(dataEp && owner ? [{ message: `${owner} declares ${store}`, file: dataEp.file, line: dataEp.line }] : []),
        ];
        if (write) {
          out.push({
            message: owner
              ? `${service} writes ${store}, which ${owner} owns (content coupling): ${owner} can no longer change its schema or enforce its rules on its own. Ask ${owner} to make the change through its API or an event.`
              : `${service} writes ${store}, which ${others.join(', ')} also use${others.length > 1 ? '' : 's'} and no service clearly owns (content coupling). Give the data one owner and let the others go through it.`,
            file: at.file,
            line: at.line,
            column: at.column,
            related,
          });
        } else {
          out.push({
            severity: 'info',
            message: `${service} reads ${store}${owner ? `, which ${owner} owns` : `, shared with ${others.join(', ')}`} (common coupling): its schema is now an interface of ${owner ?? 'both services'}. Prefer ${owner ? `${owner}'s API or its events` : 'one owner and an API'}.`,
            file: at.file,
            line: at.line,
            column: at.column,
            related,
          });
        }
      }
    }
    return out;
  },
});
