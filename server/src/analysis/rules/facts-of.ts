/**
 * From the linked model back to the per-file facts it came from, for rules that need what the
 * model does not carry (message payload shapes, what a handler does with its payload).
 */
import type { CallFact, EndpointFact } from '../facts';
import type { Program } from '../link/program';
import type { Endpoint, Interaction } from '../model';

/** The extracted fact of an endpoint (same file, line and column). */
export function endpointFact(program: Program, ep: Endpoint): EndpointFact | undefined {
  return program.facts.get(ep.file)?.endpoints.find((e) => e.line === ep.line && e.column === ep.column);
}

/** The extracted fact of an interaction's call site. */
export function callFact(program: Program, i: Interaction): CallFact | undefined {
  return program.facts.get(i.file)?.calls.find((c) => c.line === i.line && c.column === i.column);
}

/** True when a channel or target could not be read completely. */
export function unknownName(text: string | undefined): boolean {
  return !text || text.includes('{?}') || text.includes('\u0000') || text === '*' || text === '?';
}
