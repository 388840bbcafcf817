/**
 * `switchboard/generateArchitecture`: the discovered architecture of a folder as the text of an
 * architecture file, where it belongs, and the architecture file the folder already has.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GenerateArchitectureResult } from '../../../protocol/src/architecture';
import type { AnalysisResult } from '../analysis/model';
import { RULES } from '../analysis/rules';
import { generateArchitecture } from '../architecture/generate';
import { ARCHITECTURE_FILE_NAME, architectureFilesAt, pickArchitectureFile } from '../architecture/locate';
import { LIMITS } from '../architecture/policy';

/** The result for one analysed folder. */
export function generateArchitectureResult(folder: { uri: string; name: string; root: string }, model: AnalysisResult): GenerateArchitectureResult {
  const limits: Record<string, number> = {};
  for (const [name, def] of Object.entries(LIMITS)) {
    const v = RULES.find((r) => r.id === def.rule)?.defaultOptions[def.option];
    if (typeof v === 'number') limits[name] = v;
  }
  const out: GenerateArchitectureResult = {
    folder: folder.uri,
    text: generateArchitecture(model, { folderName: folder.name, limits }),
    suggestedUri: pathToFileURL(path.join(folder.root, ARCHITECTURE_FILE_NAME)).href,
  };
  const existing = pickArchitectureFile(architectureFilesAt(folder.root));
  if (existing) out.existingUri = pathToFileURL(path.join(folder.root, existing)).href;
  return out;
}
