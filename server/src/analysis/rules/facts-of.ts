/**
 * From the linked model back to the per-file facts it came from, for rules that need what the
 * model does not carry (message payload shapes, what a handler does with its payload).
 */
import type { CallFact, EndpointFact } from '../facts';
import type { Program } from '../link/program';
import type { Endpoint, Interaction } from '../model';

/** The extracted fact of an endpoint (same file, line and column). */
export function endpointFact(program: Program, ep: Endpoint): EndpointFact | undefined {
  const all = program.facts.get(ep.file)?.endpoints ?? [];
  // class-based listeners are placed at the class, whatever column the fact carries
  return all.find((e) => e.line === ep.line && e.column === ep.column) ?? all.find((e) => e.line === ep.line && e.kind === ep.kind);
}

/** The extracted fact of an interaction's call site. */
export function callFact(program: Program, i: Interaction): CallFact | undefined {
  return program.facts.get(i.file)?.calls.find((c) => c.line === i.line && c.column === i.column);
}

/** True when a channel or target could not be read completely. */
export function unknownName(text: string | undefined): boolean {
  return !text || text.includes('{?}') || text.includes('\u0000') || text === '*' || text === '?';
}

const WILD = /[*>#\u0000]|\{\?\}/;

/**
 * A loose channel match, for deciding that a channel is *not* orphaned: wildcards and unknown
 * parts on either side match anything from there on, names compare case-insensitively.
 */
export function looselyMatches(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  const cut = (s: string): string | undefined => {
    const m = WILD.exec(s);
    return m ? s.slice(0, m.index) : undefined;
  };
  const px = cut(x);
  const py = cut(y);
  if (px === undefined && py === undefined) return false;
  const pa = px ?? x;
  const pb = py ?? y;
  return pa.startsWith(pb) || pb.startsWith(pa);
}

/**
 * A set of channels asked "does any of you loosely match this one?" (`looselyMatches`) without
 * comparing against each: every publish against every subscription was quadratic on large
 * workspaces. Two channels match when equal (case-insensitively), or when one has a wildcard or
 * unknown part and the text before it and the other's (up to its own wildcard) is a prefix of the other.
 */
export class LooseChannels {
  private readonly exact = new Set<string>();
  /** Prefixes (before the wildcard) of the channels with one. */
  private readonly wild = new PrefixSet();
  /** Prefixes of all channels: the text before a wildcard, or the whole name. */
  private readonly all = new PrefixSet();

  constructor(channels: Iterable<string>) {
    for (const c of channels) {
      const x = c.toLowerCase();
      this.exact.add(x);
      const p = cutAtWild(x);
      if (p !== undefined) this.wild.add(p);
      this.all.add(p ?? x);
    }
    this.wild.seal();
    this.all.seal();
  }

  /** True when some channel of the set loosely matches `a` (the same as `some(c => looselyMatches(a, c))`). */
  matches(a: string): boolean {
    const x = a.toLowerCase();
    if (this.exact.has(x)) return true;
    const p = cutAtWild(x);
    // without a wildcard on this side, only the set's wildcard channels can match
    return p === undefined ? this.wild.related(x) : this.all.related(p);
  }
}

/** Strings asked whether one of them is a prefix of a query, or has the query as a prefix. */
class PrefixSet {
  private readonly set = new Set<string>();
  private sorted: string[] = [];

  add(s: string): void {
    this.set.add(s);
  }

  seal(): void {
    this.sorted = [...this.set].sort();
  }

  related(q: string): boolean {
    for (let i = 0; i <= q.length; i++) if (this.set.has(q.slice(0, i))) return true;
    // the first string not below q in order is the one that starts with q, if any does
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < q) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.sorted.length && this.sorted[lo]!.startsWith(q);
  }
}

function cutAtWild(s: string): string | undefined {
  const m = WILD.exec(s);
  return m ? s.slice(0, m.index) : undefined;
}

/**
 * Every channel the code publishes or sends to, as far as it can be read — also publishes the
 * linker could not connect to a consumer, and those inside the consuming service itself.
 */
export function publishedChannels(program: Program): string[] {
  const out = new Set<string>();
  for (const f of program.facts.values()) {
    for (const c of f.calls) {
      if (c.role !== 'publish' && !(c.role === 'request' && c.mechanism !== 'http' && c.mechanism !== 'grpc')) continue;
      for (const svc of program.servicesOf(f.file)) {
        const env = program.service(svc)?.env ?? {};
        for (const sym of [c.channel, ...(c.channels ?? [])]) {
          if (!sym) continue;
          const text = program.resolve(sym, f.file, env).text;
          // a channel that is wholly unknown (a wrapper's parameter) says nothing about any name
          if (text.replace(/\u0000/g, '').trim()) out.add(text);
        }
      }
    }
  }
  return [...out];
}
