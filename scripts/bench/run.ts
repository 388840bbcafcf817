/**
 * `npm run bench [-- --sizes 10k,100k,1m] [--seed 1] [--pairs 5] [--reps n] [--json file] [--keep]`
 *
 * Generates seeded workspaces under the OS temp dir and measures on each, in one run:
 * - baseline: TypeScript's own `createSourceFile` over the analysed files, one thread, reading
 *   included, in a process of its own (so it pays Node and TypeScript start-up like the CLI does);
 * - cold: `switchboard analyze` through the CLI with an empty cache;
 * - warm: the same again with the persistent cache it left, nothing changed;
 * - edit: latency from an LSP notification (didChange, watched-file) to the publishDiagnostics
 *   that reflects it, through the real language server, over edits of four kinds;
 * - peak RSS of the CLI and of the server.
 * Prints a table with each figure's ratio to the baseline and writes the same as JSON
 * (default test-results/bench.json). Builds its own copy of the bundles first.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type EditSite, generate, type Generated, parseLines } from './generate';
import { LspServer } from './lsp';

const REPO = path.resolve(__dirname, '..', '..');
/** The bundles measured: built once per run into a private folder, so a rebuild of dist/ meanwhile cannot mix versions. */
let CLI = path.join(REPO, 'dist', 'cli.js');
const PROBE = path.join(__dirname, 'rss-probe.cjs');
const BASELINE = path.join(__dirname, 'baseline.cjs');

interface Options {
  sizes: number[];
  seed: number;
  pairs: number;
  reps?: number;
  json: string;
  keep: boolean;
  quiet: boolean;
}

/** Figures measured on one workspace. */
export interface SizeResult {
  size: string;
  lines: number;
  files: number;
  services: number;
  baseline: { wallMs: number; cpuMs: number; parseMs: number; rssMB: number };
  /**
   * As users get it (worker threads from 8 MB of source); `oneThread`/`twoThreads`: the same run
   * with `--workers 0` and `--workers 2` when the workspace is large enough for threads;
   * `loadAverage`: the machine's when the runs started (other sessions share the cores).
   */
  cold: {
    wallMs: number;
    cpuMs: number;
    rssMB: number;
    engineMs: number;
    oneThread?: { wallMs: number; cpuMs: number };
    twoThreads?: { wallMs: number; cpuMs: number };
    loadAverage: number;
  };
  warm: { wallMs: number; cpuMs: number; rssMB: number; engineMs: number; identical: boolean };
  edit: { count: number; failed: number; p50: number; p95: number; max: number; byKind: Record<string, { p50: number; p95: number; n: number }> };
  server: { readyMs: number; rssMB: number };
  reps: number;
}

function parseArgs(argv: string[]): Options {
  const get = (k: string): string | undefined => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    sizes: (get('--sizes') ?? '10k,100k,1m').split(',').map(parseLines),
    seed: Number(get('--seed') ?? 1),
    pairs: Number(get('--pairs') ?? 5),
    ...(get('--reps') ? { reps: Number(get('--reps')) } : {}),
    json: get('--json') ?? path.join(REPO, 'test-results', 'bench.json'),
    keep: argv.includes('--keep'),
    quiet: argv.includes('--quiet'),
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const label = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

/** What the probe reports about a process that exited. */
function readProbe(file: string): { rssMB: number; cpuMs: number } {
  try {
    const p = JSON.parse(fs.readFileSync(file, 'utf8')) as { maxRSS: number; cpuMicros: number };
    fs.rmSync(file);
    return { rssMB: p.maxRSS / 1024, cpuMs: p.cpuMicros / 1000 };
  } catch {
    return { rssMB: NaN, cpuMs: NaN };
  }
}

/** Runs a node script under the probe; returns wall time, CPU time, peak RSS and stdout. */
function timed(args: string[], env: NodeJS.ProcessEnv): { wallMs: number; cpuMs: number; rssMB: number; stdout: string } {
  const rssFile = path.join(os.tmpdir(), `switchboard-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--require', PROBE, ...args], {
    env: { ...env, SWITCHBOARD_BENCH_RSS: rssFile },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wallMs, ...readProbe(rssFile), stdout: r.stdout };
}

function withoutTimes(jsonText: string): string {
  const model = JSON.parse(jsonText) as { stats?: { millis?: number } };
  if (model.stats) delete model.stats.millis;
  return JSON.stringify(model);
}

async function measure(g: Generated, requested: number, opts: Options, log: (s: string) => void): Promise<SizeResult> {
  const reps = opts.reps ?? (g.lines > 500_000 ? 1 : 3);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-work-'));
  const cacheHome = path.join(work, 'cache');
  // the CLI and the server keep their cache under XDG_CACHE_HOME: a private one, removed afterwards
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome };
  const list = path.join(work, 'files.json');
  fs.writeFileSync(list, JSON.stringify(g.sources));
  try {
    // baseline and cold runs interleaved, so drifting load on the machine hits both alike
    const out = path.join(work, 'out.json');
    const base: { wallMs: number; cpuMs: number; parseMs: number; rssMB: number }[] = [];
    const cold: { wallMs: number; cpuMs: number; rssMB: number; engineMs: number }[] = [];
    const single: { wallMs: number; cpuMs: number }[] = [];
    const double: { wallMs: number; cpuMs: number }[] = [];
    const loadAtStart = os.loadavg()[0] ?? NaN;
    // compare one and two threads from 2 MB of source (the engine itself starts threads from 8 MB)
    const withWorkers = g.sources.reduce((n, f) => n + fs.statSync(path.join(g.root, f)).size, 0) >= 2_000_000;
    let coldJson = '';
    for (let i = 0; i < reps; i++) {
      const b = timed([BASELINE, g.root, list], env);
      base.push({ wallMs: b.wallMs, cpuMs: b.cpuMs, parseMs: (JSON.parse(b.stdout) as { parseMillis: number }).parseMillis, rssMB: b.rssMB });
      fs.rmSync(cacheHome, { recursive: true, force: true });
      const r = timed([CLI, 'analyze', g.root, '--format', 'json', '--output', out], env);
      coldJson = fs.readFileSync(out, 'utf8');
      cold.push({ ...r, engineMs: (JSON.parse(coldJson) as { stats: { millis: number } }).stats.millis });
      if (withWorkers) {
        // do worker threads pay on this machine now? the same run on one thread and on two
        const one = timed([CLI, 'analyze', g.root, '--format', 'json', '--output', out, '--no-cache', '--workers', '0'], env);
        single.push({ wallMs: one.wallMs, cpuMs: one.cpuMs });
        const two = timed([CLI, 'analyze', g.root, '--format', 'json', '--output', out, '--no-cache', '--workers', '2'], env);
        double.push({ wallMs: two.wallMs, cpuMs: two.cpuMs });
      }
    }
    log(
      `  baseline ${median(base.map((b) => b.wallMs)).toFixed(0)} ms (parse loop ${median(base.map((b) => b.parseMs)).toFixed(0)} ms, CPU ${median(base.map((b) => b.cpuMs)).toFixed(0)} ms)`,
    );
    log(
      `  cold ${median(cold.map((c) => c.wallMs)).toFixed(0)} ms (CPU ${median(cold.map((c) => c.cpuMs)).toFixed(0)} ms)${single.length ? `; one thread ${median(single.map((c) => c.wallMs)).toFixed(0)} ms (CPU ${median(single.map((c) => c.cpuMs)).toFixed(0)} ms), two ${median(double.map((c) => c.wallMs)).toFixed(0)} ms (CPU ${median(double.map((c) => c.cpuMs)).toFixed(0)} ms)` : ''}; load average ${loadAtStart.toFixed(1)}`,
    );
    // warm: the cache of the last cold run, nothing changed
    const warm: { wallMs: number; cpuMs: number; rssMB: number; engineMs: number }[] = [];
    let identical = true;
    for (let i = 0; i < reps; i++) {
      const r = timed([CLI, 'analyze', g.root, '--format', 'json', '--output', out], env);
      const warmJson = fs.readFileSync(out, 'utf8');
      identical &&= withoutTimes(warmJson) === withoutTimes(coldJson);
      warm.push({ ...r, engineMs: (JSON.parse(warmJson) as { stats: { millis: number } }).stats.millis });
    }
    log(
      `  warm ${median(warm.map((c) => c.wallMs)).toFixed(0)} ms (CPU ${median(warm.map((c) => c.cpuMs)).toFixed(0)} ms)${identical ? '' : ' (RESULT DIFFERS FROM COLD)'}`,
    );
    // edits through the language server
    const lsp = await editLatency(g, env, opts, log);
    return {
      size: label(requested),
      lines: g.lines,
      files: g.sources.length,
      services: g.services.length,
      baseline: {
        wallMs: median(base.map((b) => b.wallMs)),
        cpuMs: median(base.map((b) => b.cpuMs)),
        parseMs: median(base.map((b) => b.parseMs)),
        rssMB: median(base.map((b) => b.rssMB)),
      },
      cold: {
        wallMs: median(cold.map((c) => c.wallMs)),
        cpuMs: median(cold.map((c) => c.cpuMs)),
        rssMB: Math.max(...cold.map((c) => c.rssMB)),
        engineMs: median(cold.map((c) => c.engineMs)),
        ...(single.length
          ? {
              oneThread: { wallMs: median(single.map((c) => c.wallMs)), cpuMs: median(single.map((c) => c.cpuMs)) },
              twoThreads: { wallMs: median(double.map((c) => c.wallMs)), cpuMs: median(double.map((c) => c.cpuMs)) },
            }
          : {}),
        loadAverage: loadAtStart,
      },
      warm: {
        wallMs: median(warm.map((c) => c.wallMs)),
        cpuMs: median(warm.map((c) => c.cpuMs)),
        rssMB: Math.max(...warm.map((c) => c.rssMB)),
        engineMs: median(warm.map((c) => c.engineMs)),
        identical,
      },
      edit: lsp.edit,
      server: lsp.server,
      reps,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** One timed edit: apply it, wait until the diagnostics reflect it. */
interface Step {
  kind: EditSite['kind'];
  run: () => Promise<void>;
  watch: string;
  expect: (diagnostics: { message: string; code?: string | number }[]) => boolean;
}

async function editLatency(
  g: Generated,
  env: NodeJS.ProcessEnv,
  opts: Options,
  log: (s: string) => void,
): Promise<{ edit: SizeResult['edit']; server: SizeResult['server'] }> {
  const rssFile = path.join(os.tmpdir(), `switchboard-bench-rss-lsp-${process.pid}`);
  const server = new LspServer(g.root, CLI, { ...env, SWITCHBOARD_BENCH_RSS: rssFile }, ['--require', PROBE]);
  const timeout = Math.max(30_000, g.lines / 5);
  const times: { kind: string; ms: number }[] = [];
  let failed = 0;
  try {
    await server.start(Math.max(120_000, g.lines));
    const readyMs = server.firstReadyMillis ?? NaN;
    log(`  server ready after ${readyMs.toFixed(0)} ms`);
    const byKind = new Map<string, EditSite[]>();
    for (const e of g.edits) (byKind.get(e.kind) ?? byKind.set(e.kind, []).get(e.kind)!).push(e);
    const open = new Map<string, string>();
    const originalOf = async (rel: string): Promise<string> => {
      if (!open.has(rel)) open.set(rel, await server.open(rel));
      return open.get(rel)!;
    };
    // every edit kind is built to add or remove one unresolved-endpoint diagnostic that names the marker
    const unresolved = (marker: string) => (d: { message: string; code?: string | number }) => d.code === 'unresolved-endpoint' && d.message.includes(marker);
    const has = (marker: string) => (list: { message: string; code?: string | number }[]) => list.some(unresolved(marker));
    const lacks = (marker: string) => (list: { message: string; code?: string | number }[]) => !list.some(unresolved(marker));
    let n = 0;
    const steps: Step[] = [];
    for (let pair = 0; pair < opts.pairs; pair++) {
      for (const kind of ['url', 'topic', 'handler', 'delete'] as const) {
        const sites = byKind.get(kind) ?? [];
        if (!sites.length) continue;
        const site = sites[pair % sites.length]!;
        const num = ++n;
        const marker = site.marker.replace('{n}', String(num));
        if (kind === 'url' || kind === 'topic') {
          steps.push({
            kind,
            watch: site.watch,
            expect: has(marker),
            run: async () => server.change(site.file, (await originalOf(site.file)).replace(site.find, site.replace.replace('{n}', String(num)))),
          });
          steps.push({ kind, watch: site.watch, expect: lacks(marker), run: async () => server.change(site.file, await originalOf(site.file)) });
        } else if (kind === 'handler') {
          steps.push({
            kind,
            watch: site.watch,
            expect: lacks(marker),
            run: async () => server.change(site.file, (await originalOf(site.file)).replace(site.find, site.replace)),
          });
          steps.push({ kind, watch: site.watch, expect: has(marker), run: async () => server.change(site.file, await originalOf(site.file)) });
        } else {
          const abs = path.join(g.root, site.file);
          const text = fs.readFileSync(abs, 'utf8');
          steps.push({
            kind,
            watch: site.watch,
            expect: has(marker),
            run: async () => {
              fs.rmSync(abs);
              await server.watched(site.file, 3);
            },
          });
          steps.push({
            kind,
            watch: site.watch,
            expect: lacks(marker),
            run: async () => {
              fs.writeFileSync(abs, text);
              await server.watched(site.file, 1);
            },
          });
        }
      }
    }
    // open the edited documents first (not timed), so every edit is a change to an open buffer
    for (const s of g.edits) if (s.kind !== 'delete') await originalOf(s.file);
    for (const s of g.edits)
      if (s.kind === 'handler')
        await server.waitFor(s.watch, has(s.marker), timeout).catch(() => log(`  note: ${s.watch} does not show ${s.marker} before the edit`));
    for (const step of steps) {
      const started = performance.now();
      try {
        await step.run();
        await server.waitFor(step.watch, step.expect, timeout);
        times.push({ kind: step.kind, ms: performance.now() - started });
      } catch (error) {
        failed++;
        log(`  edit ${step.kind} failed: ${error instanceof Error ? error.message.slice(0, 600) : String(error)}`);
      }
    }
    for (const rel of open.keys()) await server.close(rel);
    await server.stop();
    const rssMB = readProbe(rssFile).rssMB;
    const all = times.map((t) => t.ms);
    const kinds: Record<string, { p50: number; p95: number; n: number }> = {};
    for (const k of new Set(times.map((t) => t.kind))) {
      const xs = times.filter((t) => t.kind === k).map((t) => t.ms);
      kinds[k] = { p50: percentile(xs, 50), p95: percentile(xs, 95), n: xs.length };
    }
    log(`  edits p50 ${percentile(all, 50).toFixed(0)} ms, p95 ${percentile(all, 95).toFixed(0)} ms over ${all.length}${failed ? `, ${failed} failed` : ''}`);
    return {
      edit: { count: all.length, failed, p50: percentile(all, 50), p95: percentile(all, 95), max: Math.max(...all), byKind: kinds },
      server: { readyMs, rssMB },
    };
  } catch (error) {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    throw error;
  }
}

/** The table: each figure with its ratio to the baseline of the same workspace. */
export function table(results: SizeResult[]): string {
  const x = (v: number, base: number): string => `${(v / base).toFixed(2)}×`;
  const ms = (v: number): string => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')} ms` : 'n/a');
  const mb = (v: number): string => (Number.isFinite(v) ? `${Math.round(v)} MB` : 'n/a');
  const rows = [
    ['size', 'lines', 'files', 'baseline', 'cold', 'cold CPU', 'warm', 'edit p50', 'edit p95', 'RSS CLI', 'RSS server'],
    ...results.map((r) => [
      r.size,
      r.lines.toLocaleString('en-US'),
      String(r.files),
      `${ms(r.baseline.wallMs)} (CPU ${ms(r.baseline.cpuMs)})`,
      `${ms(r.cold.wallMs)} (${x(r.cold.wallMs, r.baseline.wallMs)})`,
      `${ms(r.cold.cpuMs)} (${x(r.cold.cpuMs, r.baseline.cpuMs)})`,
      `${ms(r.warm.wallMs)} (${x(r.warm.wallMs, r.baseline.wallMs)}; ${x(r.warm.wallMs, r.cold.wallMs)} cold)`,
      `${ms(r.edit.p50)} (${x(r.edit.p50, r.baseline.wallMs)})`,
      `${ms(r.edit.p95)} (${x(r.edit.p95, r.baseline.wallMs)})`,
      `${mb(r.cold.rssMB)} (${x(r.cold.rssMB, r.baseline.rssMB)})`,
      `${mb(r.server.rssMB)} (${x(r.server.rssMB, r.baseline.rssMB)})`,
    ]),
  ];
  const widths = rows[0]!.map((_c, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** The targets of issue 9, checked against the results. */
export function targets(results: SizeResult[]): string[] {
  const out: string[] = [];
  const ok = (b: boolean): string => (b ? 'met' : 'NOT met');
  for (const r of results) {
    out.push(
      `${r.size}: cold ${(r.cold.wallMs / r.baseline.wallMs).toFixed(2)}× baseline (target ≤ 2×: ${ok(r.cold.wallMs <= 2 * r.baseline.wallMs)}; in CPU time ${(r.cold.cpuMs / r.baseline.cpuMs).toFixed(2)}×); warm ${(r.warm.wallMs / r.cold.wallMs).toFixed(2)}× cold (target ≤ 0.1×: ${ok(r.warm.wallMs <= 0.1 * r.cold.wallMs)})`,
    );
    if (r.lines >= 900_000)
      out.push(
        `${r.size}: edit p95 ${r.edit.p95.toFixed(0)} ms (target < 200 ms: ${ok(r.edit.p95 < 200)}); peak RSS ${Math.round(Math.max(r.cold.rssMB, r.server.rssMB))} MB (target < 2048 MB: ${ok(Math.max(r.cold.rssMB, r.server.rssMB) < 2048)})`,
      );
    else if (r.lines >= 90_000) out.push(`${r.size}: edit p95 ${r.edit.p95.toFixed(0)} ms (target < 50 ms: ${ok(r.edit.p95 < 50)})`);
  }
  const big = results.find((r) => r.lines >= 900_000);
  const mid = results.find((r) => r.lines >= 90_000 && r.lines < 900_000);
  if (big && mid) {
    const ratio = big.cold.wallMs / big.lines / (mid.cold.wallMs / mid.lines);
    out.push(`cold time per line at ${big.size} is ${ratio.toFixed(2)}× that at ${mid.size} (target ≤ 1.3×: ${ok(ratio <= 1.3)})`);
  }
  return out;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const bundles = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-dist-'));
  const built = spawnSync(process.execPath, [path.join(REPO, 'esbuild.mjs'), '--production', `--outdir=${bundles}`], { cwd: REPO, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  CLI = path.join(bundles, 'cli.js');
  const log = (s: string): void => {
    if (!opts.quiet) console.log(s);
  };
  const results: SizeResult[] = [];
  for (const lines of opts.sizes) {
    const started = performance.now();
    const g = generate({ lines, seed: opts.seed });
    log(
      `${label(lines)}: ${g.lines.toLocaleString('en-US')} lines in ${g.sources.length} files, ${g.services.length} services, generated in ${(performance.now() - started).toFixed(0)} ms at ${g.root}`,
    );
    try {
      results.push(await measure(g, lines, opts, log));
    } finally {
      if (!opts.keep) fs.rmSync(g.root, { recursive: true, force: true });
    }
  }
  fs.rmSync(bundles, { recursive: true, force: true });
  const report = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    loadAverage: os.loadavg(),
    seed: opts.seed,
    results,
    targets: targets(results),
  };
  fs.mkdirSync(path.dirname(opts.json), { recursive: true });
  fs.writeFileSync(opts.json, JSON.stringify(report, null, 2) + '\n');
  console.log('\n' + table(results) + '\n');
  for (const t of report.targets) console.log(t);
  console.log(`\nJSON: ${opts.json}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
