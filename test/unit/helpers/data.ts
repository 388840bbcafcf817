/**
 * Test helpers for common-data fixtures: a compose file that gives each service a folder and an
 * environment, a tiny Express entry point, and a compact view of common-data interactions.
 */
import type { AnalysisResult } from '../../../server/src/analysis/model';
import { pkg } from './workspace';

/** A docker-compose file: one built service per entry, with its environment. */
export function compose(services: Record<string, Record<string, string>>): string {
  const lines = ['services:'];
  for (const [name, env] of Object.entries(services)) {
    lines.push(`  ${name}:`, `    build: ./${name}`);
    const entries = Object.entries(env);
    if (entries.length) {
      lines.push('    environment:');
      for (const [k, v] of entries) lines.push(`      ${k}: "${v}"`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The files of a minimal service folder: package.json and an Express entry point. */
export function service(name: string, port: number, deps: string[] = []): Record<string, string> {
  return {
    [`${name}/package.json`]: pkg(name, ['express', ...deps]),
    [`${name}/src/main.ts`]: `import express from 'express';\nconst app = express();\napp.get('/health', (_q, r) => r.end());\napp.listen(${port});\n`,
  };
}

/** Common-data interactions as `service file:line access store [callees] owner=x`, sorted. */
export function commonData(model: AnalysisResult): string[] {
  return model.interactions
    .filter((i) => i.style === 'common-data')
    .map((i) => `${i.service} ${i.file}:${i.line} ${i.access} ${i.store} [${i.callees.join(',')}]${i.owner ? ` owner=${i.owner}` : ''}`)
    .sort();
}

/** The distinct stores of the common-data interactions with their sharing services. */
export function sharedStores(model: AnalysisResult): string[] {
  const out = new Set<string>();
  for (const i of model.interactions) if (i.style === 'common-data') out.add(`${i.store} [${i.callees.join(',')}]${i.owner ? ` owner=${i.owner}` : ''}`);
  return [...out].sort();
}
