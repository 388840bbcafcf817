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
