// Bundles the extension-host test suite (test/vscode/suite/index.ts) into dist/test/vscode-suite.js,
// the file both runners pass as `extensionTestsPath`. vscode comes from the host; mocha stays a
// runtime require so that it resolves from node_modules like any dev tool.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The bundled suite's path. */
export const SUITE_BUNDLE = path.join(root, 'dist', 'test', 'vscode-suite.js');

/** Builds the suite bundle and returns its path. */
export async function buildSuite() {
  await esbuild.build({
    entryPoints: [path.join(root, 'test', 'vscode', 'suite', 'index.ts')],
    outfile: SUITE_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    external: ['vscode', 'mocha'],
  });
  return SUITE_BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // no top-level await: the e2e tier loads this module from CommonJS
  buildSuite().then(
    (file) => console.log(file),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
