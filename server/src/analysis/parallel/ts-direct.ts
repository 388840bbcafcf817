/**
 * The TypeScript namespace as a plain object, for the extractor bundle (esbuild.mjs maps `ts-morph`
 * to this module there). Bundled, `import { ts } from 'ts-morph'` reads every `ts.isX` through two
 * getters (the CommonJS interop's and TypeScript's own namespace); on a parse-and-walk workload
 * those calls took a fifth of the time. The values are the same functions and enums.
 */
import { ts as namespace } from 'ts-morph';

const plain: Record<string, unknown> = {};
for (const key of Object.keys(namespace)) plain[key] = (namespace as unknown as Record<string, unknown>)[key];

/** TypeScript, with plain properties. */
export const ts = plain as unknown as typeof namespace;
