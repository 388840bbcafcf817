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
import { LOAD_BUNDLE_SOURCE, loadBundle } from './load-bundle';

/** What the extractor module offers. */
export interface Extractor {
  extractSource(file: string, text: string, hash?: string): FileFacts;
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
 * The worker's first code: load the extractor (the bundle with its code cache, or the sources
 * through tsx), which starts serving; a failure to load is reported as a reply, so the waiting
 * main thread notices at once.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
try {
  if (workerData.tsx) {
    require(workerData.tsx).register();
    require(workerData.entry);
  } else {
    (${LOAD_BUNDLE_SOURCE})(workerData.entry, require);
  }
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
  loaded ??= (fromSources ? require(entryPath()) : loadBundle(entryPath(), require).exports) as Extractor;
  return loaded;
}

/**
 * How many worker threads a cold run may use besides the main thread, which extracts too: one
 * thread per core, at most four in all; none on one core. Whether there is enough to parse for
 * them to pay is `collect.ts`'s PARALLEL_MIN_BYTES.
 */
export function defaultWorkers(cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length): number {
  return Math.max(0, Math.min(4, cores) - 1);
}

/** A file to extract and what the pool gives back. */
export interface ExtractJob {
  file: string;
  text: string;
  /** The text's content hash (the facts carry it). */
  hash: string;
  /** A schema file (schema.prisma, SQL) rather than a source. */
  schema?: boolean;
}

/** Extracts one file on this thread. */
export function extractHere(job: ExtractJob): FileFacts {
  return job.schema ? extractor().extractSchema(job.file, job.text, job.hash) : extractor().extractSource(job.file, job.text, job.hash);
}

/**
 * Extracts `jobs` on the calling thread and `workers` worker threads; returns each file's facts
 * (and their JSON, for files a worker did). The jobs go out in batches: each worker keeps two in
 * hand so it never waits for the main thread, which takes the next batch itself whenever no reply
 * is waiting. Files a worker could not do (a crash, a timeout) are extracted here instead.
 */
export function extractInParallel(
  jobs: readonly ExtractJob[],
  workers: number,
  onProblem: (message: string) => void,
): Map<string, { facts: FileFacts; json?: string }> {
  const out = new Map<string, { facts: FileFacts; json?: string }>();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  type Slot = { worker: Worker; port: MessagePort; inHand: Set<number>; dead?: boolean };
  const pool: Slot[] = [];
  const batches = batchesOf(jobs, workers + 1);
  const pending = new Map(batches.map((b) => [b.id, b]));
  let next = 0;
  const dispatch = (slot: Slot): void => {
    while (!slot.dead && slot.inHand.size < 2 && next < batches.length) {
      const b = batches[next++]!;
      slot.inHand.add(b.id);
      slot.port.postMessage(b);
    }
  };
  let seen = 0;
  /** Takes the workers' replies that have arrived and hands out more batches; false when none had arrived. */
  const drain = (): boolean => {
    let any = false;
    seen = Atomics.load(signal, 0);
    for (const slot of pool) {
      for (let msg = receiveMessageOnPort(slot.port); msg; msg = receiveMessageOnPort(slot.port)) {
        any = true;
        const reply = msg.message as ExtractReply & { error?: string };
        if (reply.id < 0) {
          // this worker could not start: its batches stay pending and are done on this thread
          onProblem(`a worker thread could not start: ${reply.error?.split('\n')[0] ?? 'unknown error'}`);
          slot.inHand.clear();
          slot.dead = true;
          continue;
        }
        pending.delete(reply.id);
        slot.inHand.delete(reply.id);
        for (const r of reply.results) if (r.json) out.set(r.file, { facts: JSON.parse(r.json) as FileFacts, json: r.json });
      }
      dispatch(slot);
    }
    return any;
  };
  try {
    for (let i = 0; i < Math.min(workers, batches.length - 1); i++) {
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
      const slot: Slot = { worker, port: port1, inHand: new Set() };
      pool.push(slot);
      dispatch(slot);
    }
    // this thread's share: the next batch whenever no worker is waiting for more
    while (next < batches.length) {
      if (drain()) continue;
      const b = batches[next++]!;
      for (const item of b.items) out.set(item.file, { facts: extractHere(item) });
      pending.delete(b.id);
    }
    // then the batches still in the workers' hands; workers silent this long are given up on
    const patience = 120_000;
    let lastProgress = Date.now();
    while (pending.size && pool.some((p) => p.inHand.size > 0)) {
      if (drain()) {
        lastProgress = Date.now();
        continue;
      }
      if (Atomics.wait(signal, 0, seen, 1000) === 'timed-out' && Date.now() - lastProgress > patience) break;
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
  for (const j of jobs) if (!out.has(j.file)) out.set(j.file, { facts: extractHere(j) });
  return out;
}

/**
 * The jobs in batches for `threads` threads: about 256 KB each (few messages), but at least eight
 * per thread, so the threads finish close together.
 */
function batchesOf(jobs: readonly ExtractJob[], threads: number): ExtractRequest[] {
  const total = jobs.reduce((n, j) => n + j.text.length, 0);
  const size = Math.max(16_000, Math.min(256_000, Math.ceil(total / (threads * 8))));
  const batches: ExtractRequest[] = [];
  let current: ExtractRequest['items'] = [];
  let bytes = 0;
  for (const j of jobs) {
    current.push(j.schema ? { file: j.file, text: j.text, hash: j.hash, schema: true } : { file: j.file, text: j.text, hash: j.hash });
    bytes += j.text.length;
    if (bytes >= size) {
      batches.push({ id: batches.length, items: current });
      current = [];
      bytes = 0;
    }
  }
  if (current.length) batches.push({ id: batches.length, items: current });
  return batches;
}
