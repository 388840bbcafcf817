/**
 * Test helper: writes a map of files to a fresh temporary folder and analyses it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, type AnalysisOptions } from '../../../server/src/analysis/analyze';
import type { AnalysisResult } from '../../../server/src/analysis/model';

/** Writes `files` (relative path → text) under a new temp folder; returns its path. */
export function writeWorkspace(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-test-'));
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return root;
}

/** Writes the files and analyses them; the temp folder is removed afterwards. */
export function analyzeFiles(files: Record<string, string>, options: AnalysisOptions = {}): AnalysisResult {
  const root = writeWorkspace(files);
  try {
    return analyze(root, options);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** A package.json for a service folder. */
export function pkg(name: string, deps: string[] = []): string {
  return JSON.stringify({ name, dependencies: Object.fromEntries(deps.map((d) => [d, '*'])) });
}

/** Compact edges `caller -style-> callee` of a result, sorted, for assertions. */
export function edges(model: AnalysisResult): string[] {
  const out = new Set<string>();
  for (const i of model.interactions) for (const c of i.callees) out.add(`${i.service} -${i.style}-> ${c}`);
  return [...out].sort();
}
