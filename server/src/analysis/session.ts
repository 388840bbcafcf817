/**
 * An analysis that stays up to date as files change, for the language server. The first run is a
 * full analysis (facts from the persistent cache where files are unchanged). After that, a change
 * re-extracts only the files that changed and relinks, keeping the file inventory, the facts of
 * every other file, service discovery (with its messages) and module resolution, which are redone
 * only when what they depend on changed: a manifest, the list of files, or a file's server starts.
 * The result is the same as a fresh `analyze` of the same files (test/unit/cache-equivalence.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type AnalysisOptions, linkAndCheck } from './analyze';
import { FactsStore } from './cache/facts-store';
import { collectFacts, FactsCache, statKeys } from './collect';
import { isDataSchemaFile } from './detectors/data/schema-files';
import type { FileFacts } from './facts';
import type { AnalysisResult, Diagnostic } from './model';
import { classifyFile, type FileInventory, listFiles } from './workspace/files';
import type { Program } from './link/program';
import type { ModuleResolver } from './workspace/modules';
import type { ServiceInfo } from './workspace/services';

/** A change to one file, relative to the session's root. */
export interface FileChange {
  kind: 'changed' | 'created' | 'deleted';
  file: string;
}

/** How the last run went (for logs and the benchmark). */
export interface RunInfo {
  kind: 'full' | 'incremental';
  /** Files whose facts were extracted again. */
  extracted: number;
  /** The call graph of the previous run was carried over (an edit inside function bodies). */
  carried?: boolean;
  /** The workspace was listed again (files appeared or disappeared that one file's check could not place). */
  listed?: boolean;
  /** Services were discovered again. */
  rediscovered?: boolean;
  millis: number;
  reason?: string;
}

/** The incremental analysis of one workspace folder. */
export class AnalysisSession {
  readonly root: string;
  private readonly cache = new FactsCache();
  private readonly store: FactsStore;
  private inv?: FileInventory;
  private facts = new Map<string, FileFacts>();
  /** Per-file messages (skip reasons and the facts' own), in inventory order when rebuilt. */
  private fileMessages = new Map<string, Diagnostic[]>();
  private services?: ServiceInfo[];
  private discoveryMessages: Diagnostic[] = [];
  private modules?: ModuleResolver;
  private program?: Program;
  /** Files read from disk during linking, kept until they change. */
  private readonly texts = new Map<string, string | undefined>();
  private optionsKey?: string;
  private pending = new Map<string, FileChange['kind']>();
  private problemTold = false;
  /** The open buffers' texts at the last run: a buffer counts as changed only when its text differs. */
  private overlayTexts = new Map<string, string>();
  result?: AnalysisResult;
  lastRun?: RunInfo;

  /** `persistent`: keep facts in the on-disk cache between server runs (else in memory only). */
  constructor(root: string, persistent = true) {
    this.root = path.resolve(root);
    let store: FactsStore;
    try {
      store = persistent ? FactsStore.open(this.root) : FactsStore.memory(this.root);
    } catch {
      store = FactsStore.memory(this.root);
    }
    this.store = store;
  }

  /** Records a change; the next `run` takes it into account. */
  note(change: FileChange): void {
    const before = this.pending.get(change.file);
    // created then changed is still a creation; deleted then created is a change
    const kind = before === 'created' && change.kind === 'changed' ? 'created' : before === 'deleted' && change.kind === 'created' ? 'changed' : change.kind;
    this.pending.set(change.file, kind);
  }

  /** Brings the result up to date with the files (and the open buffers in `options.overlays`). */
  run(options: AnalysisOptions = {}): AnalysisResult {
    const started = Date.now();
    const { overlays, ...rest } = options;
    const key = JSON.stringify({ ...rest, cache: undefined, workers: undefined });
    // buffers opened, closed or edited count as changes of their files; the other open buffers do not
    const overlayNow = new Map(overlays ?? []);
    for (const f of new Set([...overlayNow.keys(), ...this.overlayTexts.keys()])) {
      if (!this.pending.has(f) && overlayNow.get(f) !== this.overlayTexts.get(f)) this.note({ kind: 'changed', file: f });
    }
    this.overlayTexts = overlayNow;
    const changes = [...this.pending].map(([file, kind]) => ({ file, kind }));
    this.pending.clear();
    let reason: string | undefined;
    if (!this.inv || !this.result) reason = 'first run';
    else if (key !== this.optionsKey) reason = 'settings changed';
    else reason = this.needsFull(changes);
    this.optionsKey = key;
    const result = reason ? this.full(options, reason, started) : this.incremental(options, changes, started);
    this.result = result;
    return result;
  }

  /**
   * Writes the facts cache (after the first run, and when the server stops). Returns the cache's
   * problem the first time there is one (the server logs it once), else undefined.
   */
  save(): string | undefined {
    this.store.save();
    const problem = this.store.problems[0];
    if (!problem || this.problemTold) return undefined;
    this.problemTold = true;
    return problem;
  }

  /** Why a change needs a full run, or undefined when an incremental one will do. */
  private needsFull(changes: FileChange[]): string | undefined {
    const inv = this.inv!;
    const sources = new Set(inv.sources);
    const others = new Set([...inv.manifests, ...inv.yaml, ...inv.skipped.map((s) => s.file)]);
    for (const c of changes) {
      if (others.has(c.file)) return `${c.file} is a manifest`;
      if (!sources.has(c.file) && c.kind !== 'created') continue; // not analysed (tests, excluded, other files)
      if (c.file.endsWith('.switchboard') || !c.file.includes('.')) return `${c.file} changed`;
    }
    return undefined;
  }

  /**
   * The inventory after files were deleted or created, when each such change is a source or test
   * file whose place `classifyFile` can tell (a deleted one must be gone and have been listed);
   * undefined when the workspace must be listed again.
   */
  private patchedInventory(changes: FileChange[], options: AnalysisOptions): FileInventory | undefined {
    const inv = this.inv!;
    const sources = new Set(inv.sources);
    const tests = new Set(inv.tests);
    for (const c of changes) {
      if (c.kind === 'changed') continue;
      if (c.kind === 'deleted') {
        if (fs.existsSync(path.join(this.root, c.file))) return undefined;
        if (sources.delete(c.file) || tests.delete(c.file)) continue;
        // a folder, or a file the listing did not keep: only a listing knows what went with it
        return undefined;
      }
      const place = classifyFile(this.root, c.file, options);
      if (place === undefined) return undefined;
      sources.delete(c.file);
      tests.delete(c.file);
      if (place === 'source') sources.add(c.file);
      else if (place === 'test') tests.add(c.file);
    }
    const sorted = (xs: Set<string>): string[] => [...xs].sort();
    return { ...inv, sources: sorted(sources), tests: sorted(tests) };
  }

  /**
   * True when the folder of `file` holds an analysed file, not being changed, that passes `test`
   * (without `test`, a file in a folder below counts too): then that folder (and, for any file, the
   * ones above it) holds such a file before and after the change.
   */
  private untouchedBeside(file: string, touched: ReadonlySet<string>, test?: (f: FileFacts) => boolean): boolean {
    const slash = file.lastIndexOf('/');
    if (slash < 0) return false;
    const dir = file.slice(0, slash + 1);
    for (const [f, facts] of this.facts) {
      if (!f.startsWith(dir) || touched.has(f)) continue;
      // a folder below may be a package of its own: serving endpoints is counted per package
      if (!test) return true;
      if (!f.includes('/', dir.length) && test(facts)) return true;
    }
    return false;
  }

  private full(options: AnalysisOptions, reason: string, started: number): AnalysisResult {
    const messages: Diagnostic[] = [];
    const inv = listFiles(this.root, options);
    for (const s of inv.skipped) messages.push({ file: s.file, message: `skipped: ${s.reason}` });
    const stat = statKeys(this.root);
    const fileStart = messages.length;
    this.facts = collectFacts(
      this.root,
      inv,
      { overlays: options.overlays, cache: this.cache, store: this.store, workers: options.workers ?? 'auto' },
      stat,
      messages,
    );
    this.fileMessages = groupByFile(messages.slice(fileStart));
    this.store.retain(new Set(this.facts.keys()));
    this.inv = inv;
    this.texts.clear();
    const linked = linkAndCheck(this.root, inv, this.facts, options, messages, { texts: this.texts });
    this.services = linked.services;
    this.discoveryMessages = linked.discoveryMessages;
    this.modules = linked.modules;
    this.program = linked.program;
    this.lastRun = { kind: 'full', extracted: -1, millis: Date.now() - started, reason };
    linked.model.stats.millis = Date.now() - started;
    return linked.model;
  }

  private incremental(options: AnalysisOptions, changes: FileChange[], started: number): AnalysisResult {
    let inv = this.inv!;
    const fileSetChanged = changes.some((c) => c.kind !== 'changed');
    let listed = false;
    if (fileSetChanged) {
      // the exact inventory (tests, excludes, sizes) is what listing decides; a source file deleted
      // or created is placed without listing when the file itself tells where listing would put it
      const patched = this.patchedInventory(changes, options);
      const next = patched ?? listFiles(this.root, options);
      listed = !patched;
      const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
      if (
        !same(inv.manifests, next.manifests) ||
        !same(inv.yaml, next.yaml) ||
        !same(
          inv.skipped.map((x) => x.file),
          next.skipped.map((x) => x.file),
        )
      ) {
        return this.full(options, 'the manifests changed', started);
      }
      const before = new Set(inv.sources);
      const after = new Set(next.sources);
      for (const f of before) if (!after.has(f)) this.modules!.removeFile(f);
      for (const f of after) if (!before.has(f)) this.modules!.addFile(f);
      inv = next;
      this.inv = next;
    }
    // re-extract the changed and created sources (and schema files); the others keep their facts
    const touched = new Set(changes.map((c) => c.file));
    for (const f of touched) this.texts.delete(f);
    const sub: FileInventory = {
      sources: inv.sources.filter((f) => touched.has(f)),
      manifests: inv.manifests.filter((f) => touched.has(f) && isDataSchemaFile(f)),
      yaml: [],
      skipped: [],
      tests: [],
    };
    const subMessages: Diagnostic[] = [];
    const fresh = collectFacts(
      this.root,
      sub,
      { overlays: options.overlays, cache: this.cache, store: this.store, workers: 0, retain: false },
      statKeys(this.root),
      subMessages,
    );
    const freshMessages = groupByFile(subMessages);
    let startsChanged = false;
    // discovery reads which folders hold code (a Dockerfile's folder must have some): a file that
    // appears or disappears next to code no edit touched changes nothing there
    if (this.facts.size === 0) startsChanged = true;
    for (const f of touched) if (this.facts.has(f) !== fresh.has(f) && !this.untouchedBeside(f, touched)) startsChanged = true;
    // the call graph can be carried over when every changed file kept its declarations
    let bodiesOnly = !fileSetChanged;
    for (const f of touched) {
      const was = this.facts.get(f);
      const now = fresh.get(f);
      if (JSON.stringify(was?.starts ?? []) !== JSON.stringify(now?.starts ?? [])) startsChanged = true;
      // discovery also counts a package that serves endpoints (see workspace/services.ts); another
      // file of the same folder serving some, untouched, keeps its package serving
      if ((was?.endpoints.length ?? 0) > 0 !== (now?.endpoints.length ?? 0) > 0 && !this.untouchedBeside(f, touched, (x) => x.endpoints.length > 0)) startsChanged = true;
      if (!was || !now || declarations(was) !== declarations(now)) bodiesOnly = false;
      this.fileMessages.set(f, freshMessages.get(f) ?? []);
    }
    // facts in inventory order (sources, then schema files), as a fresh run has them, in a new map:
    // the last program still reads the facts it was built from (to take its call graph over)
    const factsOf = (f: string): FileFacts | undefined => (touched.has(f) ? fresh.get(f) : this.facts.get(f));
    const ordered = new Map<string, FileFacts>();
    for (const f of inv.sources) {
      const x = factsOf(f);
      if (x) ordered.set(f, x);
    }
    for (const f of inv.manifests) {
      const x = factsOf(f);
      if (x && isDataSchemaFile(f)) ordered.set(f, x);
    }
    this.facts = ordered;
    // the one-service fallback of discovery depends on there being facts at all
    if (fileSetChanged && ordered.size === 0) startsChanged = true;
    for (const f of this.fileMessages.keys()) if (!inv.sources.includes(f) && !ordered.has(f)) this.fileMessages.delete(f);
    const messages: Diagnostic[] = inv.skipped.map((s) => ({ file: s.file, message: `skipped: ${s.reason}` }));
    for (const f of inv.sources) messages.push(...(this.fileMessages.get(f) ?? []));
    // discovery reads the facts only for where servers start (and which folders hold code)
    const reuse = startsChanged ? { modules: this.modules! } : { services: this.services!, discoveryMessages: this.discoveryMessages, modules: this.modules! };
    const previous = !startsChanged && bodiesOnly && this.program ? { program: this.program, changed: touched } : undefined;
    const linked = linkAndCheck(
      this.root,
      inv,
      this.facts,
      options,
      messages,
      previous ? { ...reuse, previous, texts: this.texts } : { ...reuse, texts: this.texts },
    );
    if (startsChanged) {
      this.services = linked.services;
      this.discoveryMessages = linked.discoveryMessages;
    }
    this.program = linked.program;
    this.lastRun = { kind: 'incremental', extracted: fresh.size, millis: Date.now() - started, carried: !!previous, listed, rediscovered: startsChanged };
    linked.model.stats.millis = Date.now() - started;
    return linked.model;
  }
}

/**
 * What the call graph of other files depends on in a file: imports, exports, the names of its
 * constants, its classes and its named functions — not their bodies, values or return values (the
 * linker resolves those again on every run).
 */
function declarations(f: FileFacts): string {
  // anonymous functions are named by position (`file#<fn@3:61>`): nothing outside the file calls them by id
  const named = f.functions.filter((fn) => !fn.id.includes('#<fn@')).map((fn) => [fn.id, fn.name, fn.className ?? '']);
  return JSON.stringify([f.imports, f.exports, f.reexports, Object.keys(f.consts), f.classes, named]);
}

function groupByFile(messages: Diagnostic[]): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const m of messages) {
    const k = m.file ?? '';
    (out.get(k) ?? out.set(k, []).get(k)!).push(m);
  }
  return out;
}
