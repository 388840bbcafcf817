/**
 * A hand-built analysis result for tests of the graph and the reports: services, endpoints and
 * interactions written as compact tuples, so each test states exactly the model it draws from.
 */
import type { AnalysisResult, Chain, Endpoint, Finding, Interaction, Style } from '../../../server/src/analysis/model';

/** An endpoint `id` of `service` at `file:line`. */
export function endpoint(id: string, service: string, kind: Endpoint['kind'], extra: Partial<Endpoint> = {}): Endpoint {
  return { id, service, kind, file: `${service}/src/main.ts`, line: 10, column: 1, framework: 'express', ...extra };
}

/** An interaction `id` from `service` with `style` to `callees`, reaching `endpoints`. */
export function interaction(id: string, service: string, style: Style, callees: string[], endpoints: string[] = [], extra: Partial<Interaction> = {}): Interaction {
  return { id, service, file: `${service}/src/main.ts`, line: 20, column: 3, mechanism: 'http', library: 'axios', target: `to ${callees.join(',')}`, style, callees, endpoints, ...extra };
}

/** A model of the given services (each in its own folder) and parts. */
export function model(
  services: string[],
  parts: { endpoints?: Endpoint[]; interactions?: Interaction[]; chains?: Chain[]; findings?: Finding[] } = {},
): AnalysisResult {
  return {
    schemaVersion: 1,
    root: '/nowhere',
    services: services.map((name) => ({ name, root: name, hosts: [name], ports: [], discoveredBy: ['test'] })),
    endpoints: parts.endpoints ?? [],
    interactions: parts.interactions ?? [],
    chains: parts.chains ?? [],
    findings: parts.findings ?? [],
    messages: [],
    stats: { files: 0, analysedFiles: 0, millis: 0 },
  };
}
