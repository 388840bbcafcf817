/**
 * What changed between two analyses of the same system (a git ref and the working tree): the
 * interactions, endpoints, published channels and event payload fields added or removed, and for
 * what was removed, who still depends on it. Plain data in and out.
 *
 * Things are compared by what they are, not where they are: an interaction by its service, style,
 * mechanism and target; an endpoint by its service, kind, mechanism, method, path and channel; a
 * channel by its mechanism and name. Moving code is not a change.
 */
import type { AnalysisResult, Endpoint, Interaction, Style } from '../model';
import { endpointLabel } from '../report/graph';
import { type CatalogChannel, eventCatalog } from '../report/events';

/** A place in the code of one side. */
export interface DiffLocation {
  file: string;
  line: number;
}

/** Someone who depends on what was removed, in the new code. */
export interface Dependent extends DiffLocation {
  service: string;
  /** What it does there: "calls it", "consumes it", "reads it". */
  how: string;
}

/** An interaction in the diff (where it is on its side: the base for removed ones). */
export interface DiffInteraction extends DiffLocation {
  service: string;
  style: Style;
  mechanism: string;
  target: string;
  callees: string[];
}

/** An endpoint in the diff. */
export interface DiffEndpoint extends DiffLocation {
  service: string;
  kind: Endpoint['kind'];
  label: string;
  /** For removed endpoints: the requests in the new code that still reach for it. */
  dependents?: Dependent[];
}

/** A published channel in the diff. */
export interface DiffChannel {
  mechanism: string;
  name: string;
  publishers: string[];
  /** For channels no longer published: the consumers that still subscribe. */
  dependents?: Dependent[];
}

/** A payload field of an event in the diff. */
export interface DiffField {
  mechanism: string;
  channel: string;
  field: string;
  /** The publish sites (on the side where the field is sent). */
  producers: (DiffLocation & { service: string })[];
  /** For removed fields: the consumers that read it. */
  dependents?: Dependent[];
}

/** Added and removed things of one kind. */
export interface Changes<T> {
  added: T[];
  removed: T[];
}

/** The diff of two analyses. */
export interface ModelDiff {
  interactions: Changes<DiffInteraction>;
  endpoints: Changes<DiffEndpoint>;
  /** Channels that became published, or are no longer published by anyone. */
  channels: Changes<DiffChannel>;
  /** Payload fields added to or removed from events published on both sides. */
  fields: Changes<DiffField>;
  /** Removals that something in the new code still depends on. */
  breaking: number;
}

const interactionKey = (i: Interaction): string => [i.service, i.style, i.mechanism, i.target].join('\u0000');
const endpointKey = (e: Endpoint): string => [e.service, e.kind, e.mechanism ?? '', e.method ?? '', e.path ?? '', e.channel ?? ''].join('\u0000');
const byPlace = (a: DiffLocation, b: DiffLocation): number => a.file.localeCompare(b.file) || a.line - b.line;

function interactionOf(i: Interaction): DiffInteraction {
  const at = i.callSite ?? i;
  return { service: i.service, style: i.style, mechanism: i.mechanism, target: i.target, callees: i.callees, file: at.file, line: at.line };
}

/** Items of `a` whose key `b` lacks (each key once). */
function missingIn<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const have = new Set(b.map(key));
  const seen = new Set<string>();
  return a.filter((x) => {
    const k = key(x);
    if (have.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The consumers of a channel in the new code, as dependents. */
function consumersOf(c: CatalogChannel, how: string, filter: (ep: Endpoint | undefined) => boolean = () => true): Dependent[] {
  return (
    c.consumers
      .filter((k) => filter(k.endpoint))
      // the handler reads the payload in its own file; a subscriber known only by name has no place (line 0)
      .map((k) => ({ service: k.service, how, file: k.endpoint?.file ?? '', line: k.endpoint?.reads?.line ?? k.endpoint?.line ?? 0 }))
      .sort(byPlace)
  );
}

/** Compares the analysis of the base (`before`) with that of the new code (`after`). */
export function diffModels(before: AnalysisResult, after: AnalysisResult): ModelDiff {
  const interactions: Changes<DiffInteraction> = {
    added: missingIn(after.interactions, before.interactions, interactionKey).map(interactionOf).sort(byPlace),
    removed: missingIn(before.interactions, after.interactions, interactionKey).map(interactionOf).sort(byPlace),
  };

  // a removed endpoint breaks the requests (any style but events, which do not know their consumers) that still reach for it
  const afterByKey = new Map<string, Interaction[]>();
  for (const i of after.interactions) (afterByKey.get(interactionKey(i)) ?? afterByKey.set(interactionKey(i), []).get(interactionKey(i))!).push(i);
  const afterEndpoints = new Map(after.endpoints.map((e) => [e.id, e]));
  const endpointOf = (e: Endpoint): DiffEndpoint => ({ service: e.service, kind: e.kind, label: endpointLabel(e), file: e.file, line: e.line });
  const removedEndpoints = missingIn(before.endpoints, after.endpoints, endpointKey).map((e) => {
    const out = endpointOf(e);
    const dependents: Dependent[] = [];
    for (const old of before.interactions) {
      if (old.style === 'event' || !old.endpoints.includes(e.id)) continue;
      for (const now of afterByKey.get(interactionKey(old)) ?? []) {
        // still served by that service (another route matches): not broken
        if (now.endpoints.some((id) => afterEndpoints.get(id)?.service === e.service)) continue;
        const at = now.callSite ?? now;
        dependents.push({ service: now.service, how: 'calls it', file: at.file, line: at.line });
      }
    }
    if (dependents.length) out.dependents = dedupe(dependents).sort(byPlace);
    return out;
  });
  const endpoints: Changes<DiffEndpoint> = {
    added: missingIn(after.endpoints, before.endpoints, endpointKey).map(endpointOf).sort(byPlace),
    removed: removedEndpoints.sort(byPlace),
  };

  const oldCatalog = new Map(eventCatalog(before).map((c) => [c.id, c]));
  const newCatalog = new Map(eventCatalog(after).map((c) => [c.id, c]));
  const channelOf = (c: CatalogChannel): DiffChannel => ({ mechanism: c.mechanism, name: c.name, publishers: c.publishers });
  const published = (c: CatalogChannel | undefined): boolean => !!c?.producers.length;
  const channels: Changes<DiffChannel> = { added: [], removed: [] };
  for (const c of newCatalog.values()) if (published(c) && !published(oldCatalog.get(c.id))) channels.added.push(channelOf(c));
  for (const c of oldCatalog.values()) {
    if (!published(c)) continue;
    const now = newCatalog.get(c.id);
    if (published(now)) continue;
    const out = channelOf(c);
    const dependents = now ? consumersOf(now, 'consumes it') : [];
    if (dependents.length) out.dependents = dependents;
    channels.removed.push(out);
  }

  // fields: only where the side that lacks a field is known completely (an open payload may still carry it)
  const fields: Changes<DiffField> = { added: [], removed: [] };
  const fieldOf = (c: CatalogChannel, field: string): DiffField => ({
    mechanism: c.mechanism,
    channel: c.name,
    field,
    producers: c.producers.filter((p) => p.payload?.fields.includes(field) ?? false).map((p) => ({ service: p.service, file: p.file, line: p.line })),
  });
  for (const now of newCatalog.values()) {
    const old = oldCatalog.get(now.id);
    if (!old || !published(old) || !published(now)) continue;
    if (old.fieldsComplete) for (const f of now.fields) if (!old.fields.includes(f)) fields.added.push(fieldOf(now, f));
    if (!now.fieldsComplete) continue;
    for (const f of old.fields) {
      if (now.fields.includes(f)) continue;
      const out = fieldOf(old, f);
      const dependents = consumersOf(now, 'reads it', (ep) => !!ep?.reads?.fields.includes(f));
      if (dependents.length) out.dependents = dependents;
      fields.removed.push(out);
    }
  }

  const breaking = [...endpoints.removed, ...channels.removed, ...fields.removed].filter((x) => x.dependents?.length).length;
  return { interactions, endpoints, channels, fields, breaking };
}

function dedupe(list: Dependent[]): Dependent[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.service}\u0000${d.file}\u0000${d.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
