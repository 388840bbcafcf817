/**
 * Test helpers for rules: small multi-service workspaces and the findings of one rule in them.
 */
import type { AnalysisOptions } from '../../../server/src/analysis/analyze';
import type { Finding } from '../../../server/src/analysis/model';
import type { RuleSettings } from '../../../server/src/analysis/rules';
import { analyzeFiles, pkg } from './workspace';

/** Findings of `rule` when analysing `files`, as `file:line` strings (sorted), plus the raw findings. */
export function findingsOf(files: Record<string, string>, rule: string, settings: RuleSettings = {}, options: AnalysisOptions = {}): { at: string[]; all: Finding[] } {
  const model = analyzeFiles(files, { ...options, rules: settings });
  const all = model.findings.filter((f) => f.rule === rule);
  return { at: all.map((f) => `${f.file}:${f.line}`).sort(), all };
}

/** An Express service folder: package.json and src/main.ts listening on `port` with `code` before listen. */
export function expressService(name: string, port: number, code: string, deps: string[] = ['express', 'axios']): Record<string, string> {
  return {
    [`${name}/package.json`]: pkg(name, deps),
    [`${name}/src/main.ts`]: `import express from 'express';\nimport axios from 'axios';\nconst app = express();\n${code.trim()}\napp.listen(${port});\n`,
  };
}

/** A docker-compose file naming each service with its port and the environment of each. */
export function compose(services: Record<string, { port: number; env?: Record<string, string> }>): string {
  const lines = ['services:'];
  for (const [name, s] of Object.entries(services)) {
    lines.push(`  ${name}:`, `    build: ./${name}`, `    ports: ["${s.port}:${s.port}"]`);
    if (s.env) {
      lines.push('    environment:');
      for (const [k, v] of Object.entries(s.env)) lines.push(`      ${k}: ${v}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** The line number (1-based) of the first line of `file`'s text containing `needle`. */
export function lineOf(files: Record<string, string>, file: string, needle: string): number {
  const i = files[file]!.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

/** A service folder whose src/main.ts imports nats (and axios) and runs `code` inside `async function main()`. */
export function natsService(name: string, code: string, extra = ''): Record<string, string> {
  return {
    [`${name}/package.json`]: pkg(name, ['nats', 'axios', 'zod']),
    [`${name}/src/main.ts`]: `import axios from 'axios';\nimport { connect, StringCodec } from 'nats';\n${extra.trim()}\nconst sc = StringCodec();\nasync function main(): Promise<void> {\n  const nc = await connect({ servers: 'nats://nats:4222' });\n${code.trim()}\n}\nvoid main();\n`,
  };
}
