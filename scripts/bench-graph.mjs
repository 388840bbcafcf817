#!/usr/bin/env node
// Benchmarks the call-graph panel on generated systems (50 services / 300 links, 500 services /
// 3,000 links):
//  1. the candidate layouts side by side on the same elements the panel draws: ELK layered
//     (elkjs: the panel's detailed settings, its settings for large drawings, and the earlier fast
//     settings), ELK stress and force, dagre, and Cytoscape's built-in cose as a force-directed
//     baseline; Cytoscape headless in a worker thread, timed in CPU time as well as wall time, so a
//     busy (shared) machine does not distort the comparison;
//  2. the real panel in headless Chromium (dist/webview.js in its real page shell, fed a `graph`
//     message, ELK in its layout worker): time from the message to the drawn graph, layout time,
//     frame behaviour DURING the layout (frames per second from requestAnimationFrame while ELK runs
//     in the worker, the longest frame from the message to the drawing, long tasks from
//     PerformanceObserver) and while panning and zooming afterwards, with and without clustering at
//     500 services.
// Run: `npm run bench:graph` (needs `npm run build` and /usr/bin/chromium). BENCH_ONLY=libraries|panel,
// BENCH_SIZES=50,500, BENCH_LAYOUTS=elk,elk-large,..., BENCH_RUNS, BENCH_TIMEOUT_MS, BENCH_SCREENSHOTS=1. Results are printed and
// written to test-results/bench-graph*.json with the load average at the end of the run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildElements } from '../client/webview/elements.ts';
import { layoutOptions } from '../client/webview/elk-graph.ts';
import { generateGraph } from '../test/e2e/harness/generated-graph.ts';
import { openWebviewPage } from '../test/e2e/harness/webview-page.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';
const SIZES = [
  { services: 50, links: 300 },
  { services: 500, links: 3000 },
];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** A layout still running after this long is reported as not finishing (the machine may be shared). */
const LIBRARY_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 120_000);
/** The panel is given this long to draw a graph. */
const PANEL_TIMEOUT_MS = Number(process.env.BENCH_PANEL_TIMEOUT_MS ?? 300_000);
const ONLY = process.env.BENCH_ONLY; // "libraries" or "panel"
const SIZES_RUN = process.env.BENCH_SIZES ? SIZES.filter((s) => process.env.BENCH_SIZES.split(',').includes(String(s.services))) : SIZES;

/** The layouts compared: the panel's two ELK configurations (as the panel sends them), the earlier fast settings, ELK stress and force, dagre, and cose. */
const LAYOUT_OPTIONS = {
  elk: { name: 'elk', animate: false, elk: layoutOptions(false) },
  'elk-large': { name: 'elk', animate: false, elk: layoutOptions(true) },
  'elk-stress': { name: 'elk', animate: false, elk: { algorithm: 'stress', 'elk.stress.desiredEdgeLength': 120 } },
  'elk-force': { name: 'elk', animate: false, elk: { algorithm: 'force' } },
  'elk-fast': { name: 'elk', animate: false, elk: { algorithm: 'layered', 'elk.direction': 'RIGHT', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN', 'elk.layered.nodePlacement.strategy': 'SIMPLE', 'elk.layered.thoroughness': 1, 'elk.layered.crossingMinimization.greedySwitch.type': 'OFF', 'elk.layered.mergeEdges': true } },
  dagre: { name: 'dagre', animate: false, rankDir: 'LR' },
  cose: { name: 'cose', animate: false, randomize: true },
};

/**
 * One layout run in a worker thread (Cytoscape headless, the same layout extensions the panel
 * bundles), measured in CPU time as well as wall time so a busy machine does not distort the
 * comparison; a run still going after `timeoutMs` is stopped and reported as not finishing.
 */
async function libraryBench(elements, layout, timeoutMs) {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(new URL('./bench-graph-worker.mjs', import.meta.url), { workerData: { elements, options: LAYOUT_OPTIONS[layout] }, execArgv: [] });
  let timer;
  const result = await Promise.race([
    new Promise((resolve) => worker.once('message', resolve)).catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs))),
  ]);
  clearTimeout(timer);
  await worker.terminate();
  return result;
}

async function main() {
  for (const f of ['dist/webview.js', 'dist/webview-style.css']) if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run npm run build`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--no-first-run'] });
  const results = { machine: { cpus: (await import('node:os')).cpus().length, chromium: browser.version() }, libraries: [], panel: [] };

  // 1. the libraries side by side, on the same elements the panel would draw (clustering off)
  for (const size of ONLY === 'panel' ? [] : SIZES_RUN) {
    const graph = generateGraph(size.services, size.links);
    const els = buildElements(graph, { hiddenStyles: [], hiddenServices: [], search: '', expanded: [], cluster: false });
    const elements = [...els.nodes.map((data) => ({ group: 'nodes', data })), ...els.edges.map((data) => ({ group: 'edges', data }))];
    for (const layout of Object.keys(LAYOUT_OPTIONS).filter((l) => !process.env.BENCH_LAYOUTS || process.env.BENCH_LAYOUTS.split(',').includes(l))) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await libraryBench(elements, layout, LIBRARY_TIMEOUT_MS);
        if (!r) break;
        runs.push(r);
      }
      if (!runs.length) {
        results.libraries.push({ services: size.services, links: graph.links.length, nodes: els.nodes.length, edges: els.edges.length, layout, timedOutAfterMs: LIBRARY_TIMEOUT_MS });
        console.log(`library  ${String(size.services).padStart(3)} services ${String(els.edges.length).padStart(4)} edges  ${layout.padEnd(8)} did not finish within ${LIBRARY_TIMEOUT_MS / 1000} s (wall)`);
        continue;
      }
      const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const row = { services: size.services, links: graph.links.length, nodes: els.nodes.length, edges: els.edges.length, layout, medianCpuMs: Math.round(median(runs.map((x) => x.cpuMs))), medianWallMs: Math.round(median(runs.map((x) => x.ms))), width: Math.round(runs[0].width), height: Math.round(runs[0].height), meanEdgeLength: Math.round(runs[0].meanEdgeLength) };
      results.libraries.push(row);
      console.log(`library  ${String(size.services).padStart(3)} services ${String(row.edges).padStart(4)} edges  ${layout.padEnd(8)} cpu ${String(row.medianCpuMs).padStart(6)} ms (wall ${row.medianWallMs} ms)  drawing ${row.width}×${row.height}  mean edge ${row.meanEdgeLength}`);
    }
  }

  // 2. the real panel: message → drawn, layout, and frames while panning and zooming
  for (const size of ONLY === 'libraries' ? [] : SIZES_RUN) {
    for (const cluster of size.services > 120 ? [undefined, false] : [undefined]) {
      const graph = generateGraph(size.services, size.links);
      const w = await openWebviewPage({ themeClass: 'vscode-dark', viewport: { width: 1440, height: 900 } }, browser);
      // frames and long tasks from the message on: while the panel builds the drawing, while ELK runs
      // in the worker (between <body data-layout-running> set and removed), and while it applies positions
      await w.page.evaluate(() => {
        globalThis.__frames = [];
        globalThis.__long = [];
        globalThis.__phase = {};
        const tick = (t) => { globalThis.__frames.push(t); if (!globalThis.__stop) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        globalThis.__longObserver = new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.__long.push([e.startTime, e.duration]); });
        globalThis.__longObserver.observe({ type: 'longtask', buffered: false });
        new MutationObserver(() => {
          const running = document.body.dataset.layoutRunning === 'true';
          if (running && globalThis.__phase.start === undefined) globalThis.__phase.start = performance.now();
          if (!running && globalThis.__phase.start !== undefined && globalThis.__phase.end === undefined) globalThis.__phase.end = performance.now();
        }).observe(document.body, { attributes: true });
        globalThis.__sent = performance.now();
      });
      const t0 = Date.now();
      await w.send({ type: 'graph', graph, ...(cluster === false ? { state: { hiddenStyles: [], hiddenServices: [], search: '', expanded: [], cluster: false } } : {}) });
      const drawn = await w.page.waitForFunction(() => Number(document.body.dataset.layouts ?? 0) >= 1, null, { timeout: PANEL_TIMEOUT_MS }).then(() => true, () => false);
      if (!drawn) {
        results.panel.push({ services: size.services, links: graph.links.length, clustered: cluster !== false && size.services > 120, notDrawnWithinMs: PANEL_TIMEOUT_MS });
        console.log(`panel    ${String(size.services).padStart(3)} services ${cluster !== false && size.services > 120 ? 'clustered  ' : 'as is      '} not drawn within ${PANEL_TIMEOUT_MS / 1000} s`);
        await w.close();
        continue;
      }
      const drawnMs = Date.now() - t0;
      const layoutMs = Number(await w.page.evaluate(() => document.body.dataset.layoutMs));
      const during = await w.page.evaluate(() => {
        globalThis.__stop = true;
        globalThis.__longObserver.disconnect();
        const { start, end } = globalThis.__phase;
        const frames = globalThis.__frames;
        const inWorker = frames.filter((t) => t >= start && t <= end);
        const gaps = (ts) => ts.slice(1).map((t, i) => t - ts[i]);
        const all = gaps(frames.filter((t) => t >= globalThis.__sent));
        const worker = gaps(inWorker);
        const long = globalThis.__long.filter(([t]) => t >= globalThis.__sent);
        return {
          workerPhaseMs: Math.round(end - start),
          fpsWhileElkRuns: Math.round((inWorker.length / Math.max(1, end - start)) * 1000),
          worstFrameWhileElkRunsMs: Math.round(Math.max(0, ...worker)),
          worstFrameMessageToDrawnMs: Math.round(Math.max(0, ...all)),
          longTasksMessageToDrawn: long.length,
          longTasksWhileElkRuns: long.filter(([t, d]) => t + d > start && t < end).length,
        };
      });
      const nodes = await w.page.locator('#node-list li').count();
      const edges = await w.page.locator('#edge-list li').count();
      // frames while the user pans (drag) and zooms (wheel) for about three seconds
      await w.page.evaluate(() => {
        globalThis.__frames = [];
        globalThis.__long = [];
        const tick = (t) => { globalThis.__frames.push(t); if (globalThis.__frames.length < 100000) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.__long.push(e.duration); }).observe({ type: 'longtask', buffered: false });
      });
      const box = await w.page.locator('#cy').boundingBox();
      const cx = box.x + box.width / 2;
      const cyy = box.y + box.height / 2;
      const start = Date.now();
      await w.page.mouse.move(cx, cyy);
      for (let i = 0; i < 3; i++) {
        await w.page.mouse.down();
        for (let k = 0; k < 30; k++) await w.page.mouse.move(cx + (k - 15) * 8, cyy + (k - 15) * 4);
        await w.page.mouse.up();
        for (let k = 0; k < 10; k++) await w.page.mouse.wheel(0, k < 5 ? -120 : 120);
      }
      const seconds = (Date.now() - start) / 1000;
      const frames = await w.page.evaluate(() => globalThis.__frames);
      const long = await w.page.evaluate(() => globalThis.__long);
      const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
      const row = {
        services: size.services,
        links: graph.links.length,
        clustered: cluster !== false && size.services > 120,
        drawnNodes: nodes,
        drawnEdges: edges,
        messageToDrawnMs: drawnMs,
        layoutMs,
        ...during,
        interactionSeconds: Math.round(seconds * 10) / 10,
        fps: Math.round(frames.length / seconds),
        p95FrameMs: Math.round(gaps[Math.floor(gaps.length * 0.95)] ?? 0),
        worstFrameMs: Math.round(gaps[gaps.length - 1] ?? 0),
        longTasks: long.length,
        longestTaskMs: Math.round(Math.max(0, ...long)),
      };
      results.panel.push(row);
      console.log(`panel    ${String(size.services).padStart(3)} services ${row.clustered ? 'clustered  ' : 'as is      '} ${String(nodes).padStart(4)} nodes ${String(edges).padStart(4)} edges  drawn in ${row.messageToDrawnMs} ms (layout ${row.layoutMs} ms; while ELK ran ${row.workerPhaseMs} ms: ${row.fpsWhileElkRuns} fps, worst frame ${row.worstFrameWhileElkRunsMs} ms; message → drawn: worst frame ${row.worstFrameMessageToDrawnMs} ms, ${row.longTasksMessageToDrawn} long tasks)  pan/zoom ${row.fps} fps, p95 frame ${row.p95FrameMs} ms, worst ${row.worstFrameMs} ms, ${row.longTasks} long tasks (longest ${row.longestTaskMs} ms)`);
      if (process.env.BENCH_SCREENSHOTS) await w.page.screenshot({ path: path.join(root, 'test-results', `bench-${size.services}${cluster === false ? '-unclustered' : ''}.png`) });
      await w.close();
    }
  }
  await browser.close();
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const out = path.join(root, 'test-results', `bench-graph${ONLY ? `-${ONLY}` : ''}.json`);
  fs.writeFileSync(out, JSON.stringify({ ...results, load: (await import('node:os')).loadavg() }, null, 2));
  console.log(`written to ${path.relative(root, out)}; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

await main();
