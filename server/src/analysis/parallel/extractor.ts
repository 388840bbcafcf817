/**
 * Access to the extractor without importing TypeScript up front, and a pool of worker threads
 * that extract many files in parallel. The pool's API is synchronous (the analysis is): the main
 * thread sleeps on an `Atomics.wait` and drains replies with `receiveMessageOnPort`.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { FileFacts } from '../facts';
import type { TextEdit } from '../fixes/add-timeout';
import type { ExtractReply, ExtractRequest } from './extract-entry';

/** What the extractor module offers. */
export interface Extractor {
  extractSource(file: string, text: string): FileFacts;
  extractSchema(file: string, text: string, hash: string): FileFacts;
  /** The missing-timeout quick fix's edit (it parses the file, so it lives with the parser). */
  addTimeoutEdit(text: string, file: string, line: number, column: number, library: string, ms?: number): TextEdit | undefined;
}

/** Running from TypeScript sources (tests, tsx) rather than from the bundles. */
const fromSources = __filename.endsWith('.ts');

/** The extractor module: `dist/extract.js` next to the running bundle, or the source module. */
function entryPath(): string {
  return fromSources ? path.join(__dirname, 'extract-entry.ts') : path.join(__dirname, 'extract.js');
}

let loaded: Extractor | undefined;

/**
 * The worker's first code: load the extractor (from sources, through tsx), which starts serving;
 * a failure to load is reported as a reply, so the waiting main thread notices at once.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
try {
  if (workerData.tsx) require(workerData.tsx).register();
  require(workerData.entry);
} catch (error) {
  workerData.port.postMessage({ id: -1, error: String((error && error.stack) || error) });
  const signal = new Int32Array(workerData.signal);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}
`;

/** Loads the extractor (and TypeScript) on first use. */
export function extractor(): Extractor {
  // a computed path keeps the bundler from inlining TypeScript into the CLI and server bundles
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, by a path decided at run time
  loaded ??= require(entryPath()) as Extractor;
  return loaded;
}

/**
 * How many worker threads a cold run may use: the cores, at most four; none on one core. Whether
 * there is enough to parse for them to pay is `collect.ts`'s PARALLEL_MIN_BYTES.
 */
export function defaultWorkers(cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length): number {
  return cores < 2 ? 0 : Math.min(4, cores);
}

/** A file to extract and what the pool gives back. */
export interface ExtractJob {
  file: string;
  text: string;
  /** Set for schema files (schema.prisma, SQL): the hash their facts carry. */
  schemaHash?: string;
}

/** Extracts one file on this thread. */
export function extractHere(job: ExtractJob): FileFacts {
  return job.schemaHash === undefined ? extractor().extractSource(job.file, job.text) : extractor().extractSchema(job.file, job.text, job.schemaHash);
}

/**
 * Extracts `jobs` on `workers` threads; returns each file's facts and their JSON. Files a worker
 * could not do (a crash, a timeout) are extracted on the calling thread instead.
 */
export function extractInParallel(
  jobs: readonly ExtractJob[],
  workers: number,
  onProblem: (message: string) => void,
): Map<string, { facts: FileFacts; json: string }> {
  const out = new Map<string, { facts: FileFacts; json: string }>();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const pool: { worker: Worker; port: MessagePort; busy?: number | undefined; dead?: boolean }[] = [];
  const batches: ExtractRequest[] = [];
  // batches of about 256 KB: small enough to balance two to four threads, large enough to keep messages few
  let current: ExtractJob[] = [];
  let bytes = 0;
  for (const j of jobs) {
    current.push(j.schemaHash === undefined ? { file: j.file, text: j.text } : { file: j.file, text: j.text, schemaHash: j.schemaHash });
    bytes += j.text.length;
    if (bytes > 256_000) {
      batches.push({ id: batches.length, items: current });
      current = [];
      bytes = 0;
    }
  }
  if (current.length) batches.push({ id: batches.length, items: current });
  const pending = new Map(batches.map((b) => [b.id, b]));
  try {
    for (let i = 0; i < Math.min(workers, batches.length); i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(BOOTSTRAP, {
        eval: true,
        workerData: {
          switchboardExtract: true,
          port: port2,
          signal: signal.buffer,
          entry: entryPath(),
          tsx: fromSources ? require.resolve('tsx/cjs/api') : undefined,
        },
        transferList: [port2],
        execArgv: [],
        stdout: false,
        stderr: false,
      });
      // a crash is seen by the waiting loop (no reply); the event only arrives once it is over
      worker.on('error', () => undefined);
      worker.unref();
      pool.push({ worker, port: port1 });
    }
    let next = 0;
    const dispatch = (slot: (typeof pool)[number]): void => {
      if (next >= batches.length || slot.dead) return;
      const b = batches[next++]!;
      slot.busy = b.id;
      slot.port.postMessage(b);
    };
    pool.forEach(dispatch);
    let seen = 0;
    // workers that stay silent this long are given up on (their files are done here)
    const patience = 120_000;
    let lastProgress = Date.now();
    while (pending.size && pool.some((p) => p.busy !== undefined)) {
      if (Atomics.wait(signal, 0, seen, 1000) === 'timed-out') {
        if (Date.now() - lastProgress > patience) break;
        continue;
      }
      lastProgress = Date.now();
      seen = Atomics.load(signal, 0);
      for (const slot of pool) {
        for (let msg = receiveMessageOnPort(slot.port); msg; msg = receiveMessageOnPort(slot.port)) {
          const reply = msg.message as ExtractReply & { error?: string };
          if (reply.id < 0) {
            // this worker could not start: its batch stays pending and is done on this thread
            onProblem(`a worker thread could not start: ${reply.error?.split('\n')[0] ?? 'unknown error'}`);
            slot.busy = undefined;
            slot.dead = true;
            continue;
          }
          pending.delete(reply.id);
          for (const r of reply.results) if (r.json) out.set(r.file, { facts: JSON.parse(r.json) as FileFacts, json: r.json });
          slot.busy = undefined;
          dispatch(slot);
        }
      }
    }
    if (pending.size) onProblem(`${pending.size} batches of files were not extracted by the worker threads; extracted on the main thread`);
  } catch (error) {
    onProblem(`worker threads unavailable (${error instanceof Error ? error.message : String(error)}); extracted on the main thread`);
  } finally {
    for (const p of pool) {
      p.port.close();
      void p.worker.terminate();
    }
  }
  // anything missing: a batch lost with a worker, or a file a worker failed on
  for (const j of jobs) {
    if (out.has(j.file)) continue;
    const facts = extractHere(j);
    out.set(j.file, { facts, json: JSON.stringify(facts) });
  }
  return out;
}
