// Builds one bundle per entry point: the extension, the language server, the CLI and the webview.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { buildGrammar } from './scripts/build-grammar.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir=<dir>` lets packaging build into a staging folder without replacing the dev bundles in dist/
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // ts-morph loads typescript lazily through require; keep it bundled, but leave vscode to the host.
  external: ['vscode'],
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: `${outdir}/extension.js` },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: `${outdir}/server.js` },
  { ...common, entryPoints: ['cli/src/main.ts'], outfile: `${outdir}/cli.js` },
  // the parser and detectors (TypeScript inside): loaded by the server and CLI only when a file must be parsed, and run as their worker threads
  {
    ...common,
    entryPoints: ['server/src/analysis/parallel/extract-entry.ts'],
    outfile: `${outdir}/extract.js`,
    plugins: [
      {
        // `ts` as a plain object: the getters of the CommonJS interop cost a fifth of the extraction time
        name: 'ts-direct',
        setup(build) {
          build.onResolve({ filter: /^ts-morph$/ }, (args) =>
            args.importer.endsWith('ts-direct.ts') ? undefined : { path: path.resolve('server/src/analysis/parallel/ts-direct.ts') },
          );
        },
      },
    ],
  },
  // the call-graph panel's browser app: one script and one stylesheet, loaded from the extension only
  {
    bundle: true,
    platform: 'browser',
    target: 'chrome114',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: { webview: 'client/webview/main.ts', 'webview-style': 'client/webview/styles.css' },
    outdir,
    entryNames: '[name]',
  },
];

// the architecture-file grammar: JSON generated from its YAML source
buildGrammar();

// the call-graph panel's layout worker: elkjs's own worker build, as published (the panel starts it
// as a Web Worker; bundling it again would only risk GWT's environment checks)
fs.mkdirSync(outdir, { recursive: true });
fs.copyFileSync('node_modules/elkjs/lib/elk-worker.min.js', `${outdir}/elk-worker.js`);

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // V8's code cache of the parser bundle, made after a warm-up: each thread of a cold run starts
  // about 0.15 s sooner (see server/src/analysis/parallel/load-bundle.ts); watch builds go without
  // (optional: without it the bundle compiles at start-up as usual, so a failure here only warns)
  const cache = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/code-cache.ts', outdir], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (cache.status !== 0) process.stderr.write(`warning: the code cache of ${outdir}/extract.js was not written (exit ${cache.status ?? cache.signal})\n`);
}
