/**
 * Generated systems for the call-graph panel's benchmark (scripts/bench-graph.mjs) and tests:
 * services in domains of twelve, links by style in realistic proportions, the same for the same seed.
 */
import type { GraphResult } from '../../../protocol/src';

/** A small seeded PRNG (mulberry32) so every run draws the same graphs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generated GraphResult: services in domain folders, links by style with realistic proportions. */
export function generateGraph(services: number, links: number, seed = 7): GraphResult {
  const r = rng(seed * 1000 + services);
  const pick = <T>(arr: T[]): T => arr[Math.floor(r() * arr.length)];
  const names = Array.from({ length: services }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  // consecutive services share a domain (a dozen each), so most calls stay in or near their domain
  const domainOf = (i: number): string => `d${Math.floor(i / 12)}`;
  const none = { error: 0, warning: 0, info: 0, hint: 0 };
  // built loosely (plain strings for styles and mechanisms) and handed out as the panel's input type
  const g: { folder: string } & Record<'services' | 'endpoints' | 'channels' | 'stores' | 'interactions' | 'edges' | 'links' | 'chains' | 'findings', object[]> = {
    folder: 'file:///bench',
    services: names.map((name, i) => ({ id: `service:${name}`, name, root: `apps/${domainOf(i)}/${name}`, endpoints: [], findings: i % 7 === 0 ? { ...none, warning: 1 + (i % 3) } : none, location: { file: `apps/${domainOf(i)}/${name}/src/main.ts`, line: 1, column: 1 } })),
    endpoints: [],
    channels: [],
    stores: [],
    interactions: [],
    edges: [],
    links: [],
    chains: [],
    findings: [],
  };
  const channels = Array.from({ length: Math.max(2, Math.round(services / 5)) }, (_, i) => ({ id: `channel:kafka:topic-${i}`, name: `topic-${i}`, mechanism: 'kafka', publishers: [], subscribers: [], location: { file: 'x.ts', line: 1, column: 1 } }));
  const stores = Array.from({ length: Math.max(1, Math.round(services / 10)) }, (_, i) => ({ id: `store:table_${i}`, name: `table_${i}`, services: [], writers: [], location: { file: 'x.ts', line: 1, column: 1 } }));
  g.channels = channels;
  g.stores = stores;
  const seen = new Set<string>();
  let n = 0;
  while (g.links.length < links && n++ < links * 20) {
    const x = r();
    const a = Math.floor(r() * services);
    // callers mostly call "later" services in the same or a neighbouring domain: layered, like real systems
    const b = (a + 1 + Math.floor(r() * Math.min(services - 1, 30))) % services;
    const style = x < 0.55 ? 'sync-request-response' : x < 0.65 ? 'async-request-response' : x < 0.75 ? 'fire-and-forget' : x < 0.95 ? 'event' : 'common-data';
    let source = `service:${names[a]}`;
    let target = `service:${names[b]}`;
    if (style === 'event') {
      const c = pick(channels);
      if (r() < 0.5) target = c.id;
      else source = c.id;
    } else if (style === 'common-data') target = pick(stores).id;
    const key = `${source}|${target}|${style}`;
    if (seen.has(key) || source === target) continue;
    seen.add(key);
    const id = `i${g.links.length}`;
    g.interactions.push({ id, service: names[a], style, mechanism: 'http', library: 'axios', target: target, location: { file: 'x.ts', line: 1, column: 1 }, callees: [names[b]], endpoints: [], findings: 0 });
    g.links.push({ id: `link:${g.links.length}`, source, target, style, interactions: [id], findings: 0 });
  }
  return g as unknown as GraphResult;
}

