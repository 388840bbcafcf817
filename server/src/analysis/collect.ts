/**
 * Per-file facts for a file inventory, as cheaply as possible: from the in-memory cache, from the
 * persistent cache by stat key (size and modification time: the file is not even read) or by
 * content hash, and only then by parsing — on worker threads when there is enough to parse.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentHash, type FactsStore, type StatKey } from './cache/facts-store';
import { isDataSchemaFile } from './detectors/data/schema-files';
import type { FileFacts } from './facts';
import type { Diagnostic } from './model';
import { defaultWorkers, type ExtractJob, extractHere, extractInParallel } from './parallel/extractor';
import { DEFAULT_MAX_FILE_BYTES, type FileInventory, readText, unreadableReason } from './workspace/files';

/** Keeps per-file facts between runs so only changed files are parsed again. */
export class FactsCache {
  private readonly entries = new Map<string, FileFacts>();

  get(file: string, hash: string): FileFacts | undefined {
    const f = this.entries.get(file);
    return f && f.hash === hash ? f : undefined;
  }

  set(facts: FileFacts): void {
    this.entries.set(facts.file, facts);
  }

  /** Forgets files that no longer exist. */
  retain(files: ReadonlySet<string>): void {
    for (const k of this.entries.keys()) if (!files.has(k)) this.entries.delete(k);
  }
}

/** How facts are collected. */
export interface CollectOptions {
  /** Open editor buffers that override what is on disk (relative path → text). */
  overlays?: ReadonlyMap<string, string> | undefined;
  cache: FactsCache;
  store?: FactsStore | undefined;
  /** Worker threads for parsing: a number, or `auto` (the cores, when there is enough to parse). */
  workers?: number | 'auto' | undefined;
  /** Drop other files from the in-memory cache (default); an incremental update of a few files keeps them. */
  retain?: boolean;
}

/**
 * Below this much source text to parse, worker threads cost more (starting them, loading TypeScript
 * and warming up its compiled code in each, facts crossing threads as JSON) than they save. Measured
 * on 2 cores at load average 3, the main thread extracting beside one worker: 100k lines (2.7 MB)
 * 2.1 s on one thread, 2.2–2.7 s on two; 1M lines (29 MB) 15.9 s, 12.4 s.
 */
export const PARALLEL_MIN_BYTES = 8_000_000;

/** A stat function that remembers: the analysis asks for a file's stat key more than once. */
export function statKeys(absRoot: string): (rel: string) => StatKey | undefined {
  const memo = new Map<string, StatKey | undefined>();
  return (rel) => {
    if (memo.has(rel)) return memo.get(rel);
    let key: StatKey | undefined;
    try {
      const st = fs.statSync(path.join(absRoot, rel));
      key = { size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      key = undefined;
    }
    memo.set(rel, key);
    return key;
  };
}

/**
 * The facts of every analysable file of the inventory, in inventory order (sources, then schema
 * files), with the messages they carry; the same whichever way each file's facts were obtained.
 */
export function collectFacts(
  absRoot: string,
  inv: FileInventory,
  options: CollectOptions,
  stat: (rel: string) => StatKey | undefined,
  messages: Diagnostic[],
): Map<string, FileFacts> {
  const { overlays, cache, store } = options;
  const read = (rel: string): string | undefined => overlays?.get(rel) ?? readText(absRoot, rel);
  type Slot = { file: string; facts?: FileFacts; skip?: string; job?: ExtractJob & { stat: StatKey | undefined } };
  const slots: Slot[] = [];
  const jobs: (ExtractJob & { stat: StatKey | undefined })[] = [];
  for (const file of inv.sources) {
    const overlay = overlays?.get(file);
    // an unchanged file on disk: its facts without reading it
    const st = overlay === undefined ? stat(file) : undefined;
    const byStat = st && store?.byStat(file, st);
    if (byStat) {
      cache.set(byStat.facts);
      slots.push({ file, facts: byStat.facts });
      continue;
    }
    const text = overlay ?? readText(absRoot, file);
    if (text === undefined) {
      slots.push({ file, skip: 'skipped: could not be read (deleted or unreadable)' });
      continue;
    }
    const reason = unreadableReason(text);
    if (reason) {
      slots.push({ file, skip: `skipped: ${reason}` });
      continue;
    }
    const hash = contentHash(text);
    const known = cache.get(file, hash) ?? (overlay === undefined ? store?.byHash(file, hash, st) : undefined);
    if (known) {
      cache.set(known);
      slots.push({ file, facts: known });
      continue;
    }
    const job = { file, text, hash, stat: st };
    jobs.push(job);
    slots.push({ file, job });
  }
  // schema files that are not code (schema.prisma, SQL migrations) declare data stores
  const schemas: Slot[] = [];
  for (const file of inv.manifests) {
    if (!isDataSchemaFile(file)) continue;
    const overlay = overlays?.get(file);
    const st = overlay === undefined ? stat(file) : undefined;
    const byStat = st && store?.byStat(file, st);
    if (byStat) {
      cache.set(byStat.facts);
      schemas.push({ file, facts: byStat.facts });
      continue;
    }
    const text = read(file);
    if (text === undefined || text.length > DEFAULT_MAX_FILE_BYTES || unreadableReason(text)) continue;
    const hash = contentHash(text);
    const known = cache.get(file, hash) ?? (overlay === undefined ? store?.byHash(file, hash, st) : undefined);
    if (known) {
      cache.set(known);
      schemas.push({ file, facts: known });
      continue;
    }
    const job = { file, text, hash, schema: true, stat: st };
    jobs.push(job);
    schemas.push({ file, job });
  }
  const extracted = extractAll(jobs, options.workers ?? 'auto', messages);
  for (const s of [...slots, ...schemas]) {
    if (s.job) {
      const got = extracted.get(s.file)!;
      s.facts = got.facts;
      cache.set(got.facts);
      if (s.job.stat) store?.put(s.file, s.job.stat, got.facts, got.json);
    }
  }
  const facts = new Map<string, FileFacts>();
  for (const s of slots) {
    // a file the extractor gave up on is reported like one that could not be read: once, and left out
    const skip = s.skip ?? (s.facts!.skipped === undefined ? undefined : `skipped: ${s.facts!.skipped}`);
    if (skip) {
      messages.push({ file: s.file, message: skip });
      continue;
    }
    for (const m of s.facts!.messages) messages.push({ file: s.file, message: m });
    facts.set(s.file, s.facts!);
  }
  for (const s of schemas) {
    if (s.facts!.skipped === undefined) facts.set(s.file, s.facts!);
    else messages.push({ file: s.file, message: `skipped: ${s.facts!.skipped}` });
  }
  if (options.retain !== false) cache.retain(new Set(facts.keys()));
  return facts;
}

/** Parses the files: on worker threads when there is enough text to pay for them, else here. */
function extractAll(jobs: readonly ExtractJob[], workers: number | 'auto', messages: Diagnostic[]): Map<string, { facts: FileFacts; json?: string }> {
  const bytes = jobs.reduce((n, j) => n + j.text.length, 0);
  const threads = workers === 'auto' ? (bytes >= PARALLEL_MIN_BYTES ? defaultWorkers() : 0) : workers;
  if (threads > 0 && jobs.length > 1) return extractInParallel(jobs, threads, (message) => messages.push({ message }));
  const out = new Map<string, { facts: FileFacts; json?: string }>();
  for (const j of jobs) out.set(j.file, { facts: extractHere(j) });
  return out;
}
