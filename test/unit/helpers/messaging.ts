/**
 * Test helper for messaging systems: services as folders of files (each with a package.json and,
 * unless given, a small HTTP entry point so discovery finds it), analysed together, and the
 * message interactions and endpoints in a compact form for assertions.
 */
import type { AnalysisResult, Endpoint, Interaction } from '../../../server/src/analysis/model';
import { analyzeFiles, pkg } from './workspace';

/** A service folder: its files (relative to the folder), with a package.json and an entry point. */
export function service(name: string, files: Record<string, string>, deps: string[] = []): Record<string, string> {
  const out: Record<string, string> = { [`${name}/package.json`]: pkg(name, deps) };
  if (!Object.keys(files).some((f) => f === 'src/main.ts')) out[`${name}/src/main.ts`] = `import express from 'express';\nexpress().listen(3000);\n`;
  for (const [rel, text] of Object.entries(files)) out[`${name}/${rel}`] = text;
  return out;
}

/** Analyses several service folders (and any shared files) together. */
export function system(...parts: Record<string, string>[]): AnalysisResult {
  return analyzeFiles(Object.assign({}, ...parts) as Record<string, string>);
}

/** Interactions of a mechanism (or every messaging one), sorted by service, file and line. */
export function messages(model: AnalysisResult, mechanism?: string): Interaction[] {
  return model.interactions
    .filter((i) => (mechanism ? i.mechanism === mechanism : i.mechanism !== 'http' && i.mechanism !== 'grpc' && i.mechanism !== 'data'))
    .sort((a, b) => a.service.localeCompare(b.service) || a.file.localeCompare(b.file) || a.line - b.line || (a.callSite?.line ?? 0) - (b.callSite?.line ?? 0));
}

/** `service -style-> callee,callee (channel)` lines of interactions, for whole-system assertions. */
export function summary(list: readonly Interaction[]): string[] {
  return list.map((i) => `${i.service} -${i.style}-> ${[...i.callees].sort().join(',') || '(none)'} [${i.channel ?? i.target}]`);
}

/** Message endpoints of a service. */
export function subscriptions(model: AnalysisResult, svc?: string): Endpoint[] {
  return model.endpoints.filter((e) => e.kind === 'message' && (!svc || e.service === svc));
}
