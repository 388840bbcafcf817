/**
 * The persistent cache of one workspace: per-file facts keyed by content hash (with the file's
 * size and modification time as a first key, so unchanged files are not even read), and the last
 * whole result with the inputs it was computed from.
 *
 * Files are written atomically (temporary file, then rename) and start with a header line that
 * names the format version, the engine that wrote them and a SHA-1 of the body; anything that
 * does not match — another version, a torn or corrupted file — is discarded and rebuilt.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFacts } from '../facts';
import type { AnalysisResult } from '../model';
import { CACHE_FORMAT_VERSION, cacheHome, engineFingerprints, isInside, pruneCacheHome, workspaceCacheDir } from './location';

/** The content hash used as the cache key of a file's facts (the same as the facts' own `hash`). */
export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** What identifies a file on disk without reading it. */
export interface StatKey {
  size: number;
  mtimeMs: number;
}

/** One cached file: its stat key, content hash and facts (parsed lazily from `json`). */
interface Entry extends StatKey {
  hash: string;
  json: string;
  facts?: FileFacts;
}

/** The inputs a cached result was computed from: relative path → [size, mtimeMs, hash]. */
export type ResultInputs = Record<string, [number, number, string]>;

interface Header {
  format: number;
  kind: 'facts' | 'result';
  engine: string;
  bytes: number;
  sha1: string;
  key?: string;
}

const FACTS_FILE = 'facts.ndjson';
const RESULT_FILE = 'result.json';

/** Reads a cache file; undefined (and the file removed) when missing, of another version, or damaged. */
function readChecked(file: string, kind: Header['kind'], engine: string): { header: Header; body: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const nl = text.indexOf('\n');
  let header: Header | undefined;
  try {
    header = nl > 0 ? (JSON.parse(text.slice(0, nl)) as Header) : undefined;
  } catch {
    header = undefined;
  }
  const body = nl > 0 ? text.slice(nl + 1) : '';
  const valid =
    header &&
    header.format === CACHE_FORMAT_VERSION &&
    header.kind === kind &&
    header.engine === engine &&
    header.bytes === Buffer.byteLength(body) &&
    header.sha1 === contentHash(body);
  if (!valid) {
    // another version or a damaged file: start over (a folder we cannot write to keeps it; the next write fails and says so)
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // left for the next successful write to replace
    }
    return undefined;
  }
  return { header: header!, body };
}

/** Writes a cache file atomically: readers see the old file or the new one, never half of one. */
function writeAtomic(file: string, kind: Header['kind'], engine: string, body: string, key?: string): void {
  const header: Header = { format: CACHE_FORMAT_VERSION, kind, engine, bytes: Buffer.byteLength(body), sha1: contentHash(body), ...(key ? { key } : {}) };
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(header) + '\n' + body);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** The persistent cache of one workspace root. */
export class FactsStore {
  private entries?: Map<string, Entry>;
  private dirty = false;
  private readonly fp = engineFingerprints();
  /** Problems met while reading or writing the cache (reported as messages, never fatal). */
  readonly problems: string[] = [];

  private constructor(
    readonly root: string,
    /** Where the cache is kept; undefined for one that lives in memory only. */
    readonly dir: string | undefined,
  ) {}

  /** Records a problem once (a cache folder that cannot be written fails the same way on every save). */
  private problem(text: string): void {
    if (!this.problems.includes(text)) this.problems.push(text);
  }

  /** A cache that is never read from or written to disk (stat keys and facts for one process). */
  static memory(absRoot: string): FactsStore {
    return new FactsStore(absRoot, undefined);
  }

  /**
   * The cache of `absRoot`, in `dir` (default: its folder under the cache home). Refuses a folder
   * inside the workspace, which must stay untouched by the analysis.
   */
  static open(absRoot: string, dir = workspaceCacheDir(absRoot)): FactsStore {
    if (isInside(dir, absRoot)) throw new Error(`the cache folder ${dir} is inside the analysed folder ${absRoot}`);
    return new FactsStore(absRoot, dir);
  }

  private load(): Map<string, Entry> {
    if (this.entries) return this.entries;
    const entries = new Map<string, Entry>();
    const read = this.dir ? readChecked(path.join(this.dir, FACTS_FILE), 'facts', this.fp.facts) : undefined;
    if (read) {
      try {
        for (const line of read.body.split('\n')) {
          if (!line) continue;
          const tab = line.indexOf('\t');
          const [file, size, mtimeMs, hash] = JSON.parse(line.slice(0, tab)) as [string, number, number, string];
          entries.set(file, { size, mtimeMs, hash, json: line.slice(tab + 1) });
        }
      } catch {
        this.problem('the facts cache could not be read; rebuilding it');
        entries.clear();
      }
    }
    this.entries = entries;
    return entries;
  }

  /** Facts of a file whose size and modification time are unchanged since they were cached. */
  byStat(file: string, stat: StatKey): { hash: string; facts: FileFacts } | undefined {
    const e = this.load().get(file);
    if (!e || e.size !== stat.size || e.mtimeMs !== stat.mtimeMs) return undefined;
    const facts = this.factsOf(e);
    return facts ? { hash: e.hash, facts } : undefined;
  }

  /** Facts of a file whose content hash is unchanged (its stat key is refreshed). */
  byHash(file: string, hash: string, stat: StatKey | undefined): FileFacts | undefined {
    const e = this.load().get(file);
    if (!e || e.hash !== hash) return undefined;
    const facts = this.factsOf(e);
    if (facts && stat && (e.size !== stat.size || e.mtimeMs !== stat.mtimeMs)) {
      e.size = stat.size;
      e.mtimeMs = stat.mtimeMs;
      this.dirty = true;
    }
    return facts;
  }

  private factsOf(e: Entry): FileFacts | undefined {
    if (e.facts) return e.facts;
    try {
      e.facts = JSON.parse(e.json) as FileFacts;
      return e.facts;
    } catch {
      return undefined;
    }
  }

  /** Records a file's facts; `json` is their serialisation when already at hand (from a worker). */
  put(file: string, stat: StatKey | undefined, facts: FileFacts, json?: string): void {
    // kept in memory as objects; serialised only when written (a memory-only cache never is)
    this.load().set(file, { size: stat?.size ?? -1, mtimeMs: stat?.mtimeMs ?? -1, hash: facts.hash, json: json ?? '', facts });
    this.dirty = true;
  }

  /** Forgets files that are gone. */
  retain(files: ReadonlySet<string>): void {
    for (const k of this.load().keys()) {
      if (!files.has(k)) {
        this.entries!.delete(k);
        this.dirty = true;
      }
    }
  }

  /** Writes the facts when they changed. Failures are recorded, never thrown: a cache is optional. */
  save(): void {
    if (!this.dirty || !this.entries || !this.dir) return;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const lines: string[] = [];
      for (const [file, e] of [...this.entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
        if (!e.json) e.json = JSON.stringify(e.facts);
        lines.push(`${JSON.stringify([file, e.size, e.mtimeMs, e.hash])}\t${e.json}`);
      }
      writeAtomic(path.join(this.dir, FACTS_FILE), 'facts', this.fp.facts, lines.join('\n') + '\n');
      this.dirty = false;
      // only the shared cache home is pruned, never a folder someone named with --cache-dir
      if (path.dirname(this.dir) === cacheHome()) pruneCacheHome(cacheHome());
    } catch (error) {
      this.problem(`the facts cache could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The last result when it was computed with `key` (options) from exactly these inputs. */
  result(key: string, inputs: (file: string) => StatKey | undefined, files: readonly string[]): AnalysisResult | undefined {
    if (!this.dir) return undefined;
    const read = readChecked(path.join(this.dir, RESULT_FILE), 'result', this.fp.engine);
    if (!read || read.header.key !== key) return undefined;
    try {
      const body = JSON.parse(read.body) as { inputs: ResultInputs; result: AnalysisResult };
      const cached = Object.keys(body.inputs);
      if (cached.length !== files.length) return undefined;
      for (const f of files) {
        const want = body.inputs[f];
        const have = inputs(f);
        if (!want || !have || want[0] !== have.size || want[1] !== have.mtimeMs) return undefined;
      }
      return body.result;
    } catch {
      return undefined;
    }
  }

  /** Remembers a result with the options key and the inputs it was computed from. */
  saveResult(key: string, inputs: ResultInputs, result: AnalysisResult): void {
    if (!this.dir) return;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      writeAtomic(path.join(this.dir, RESULT_FILE), 'result', this.fp.engine, JSON.stringify({ inputs, result }), key);
    } catch (error) {
      this.problem(`the result cache could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
