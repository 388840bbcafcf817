// One layout run for scripts/bench-graph.mjs, in a worker thread: Cytoscape headless with the
// layout extensions the panel bundles; reports wall and CPU time and the drawing's size.
import { parentPort, workerData } from 'node:worker_threads';
import cytoscape from 'cytoscape';
import elk from 'cytoscape-elk';
import dagre from 'cytoscape-dagre';

cytoscape.use(elk);
cytoscape.use(dagre);
const cy = cytoscape({ headless: true, styleEnabled: true, elements: workerData.elements, style: [{ selector: 'node', style: { width: 110, height: 34 } }] });
const c0 = process.cpuUsage();
const t0 = performance.now();
const l = cy.layout(workerData.options);
const done = l.promiseOn('layoutstop');
l.run();
await done;
const cpu = process.cpuUsage(c0);
const bb = cy.elements().boundingBox();
let length = 0;
cy.edges().forEach((e) => {
  const a = e.source().position();
  const b = e.target().position();
  length += Math.hypot(a.x - b.x, a.y - b.y);
});
parentPort.postMessage({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, width: bb.w, height: bb.h, meanEdgeLength: length / Math.max(1, cy.edges().length) });
