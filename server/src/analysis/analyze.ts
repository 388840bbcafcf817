/**
 * The analysis entry point: files → per-file facts (cached by content) → services → linked
 * model → findings. Plain data in, plain data out; no editor or protocol types.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFacts } from './facts';
import { link } from './link/linker';
import { Program } from './link/program';
import type { AnalysisResult, Diagnostic, Service } from './model';
import type { ArchitectureInput } from '../architecture/check';
import { architectureFilesAt, findArchitecture } from '../architecture/locate';
import { ruleSettingsOf } from '../architecture/policy';
import { contentHash, FactsStore, type ResultInputs } from './cache/facts-store';
import { collectFacts, FactsCache, statKeys } from './collect';
import { RULES, runRules, type RuleSettings } from './rules';
import { callFact, endpointFact } from './rules/facts-of';
import { mergeSettings } from './rules/settings';
import { type FileInventory, type FileOptions, listFiles, readText } from './workspace/files';
import { ModuleResolver } from './workspace/modules';
import { brokersOf } from './workspace/brokers';
import { discoverServices, type ServiceInfo } from './workspace/services';
import { addInfraServices, emptyInfra, type InfraModel, readInfrastructure } from './infra';

export { FactsCache } from './collect';

/** Options of one analysis run. */
export interface AnalysisOptions extends FileOptions {
  rules?: RuleSettings;
  /**
   * The architecture file (default: the `*.switchboard` file at the root, if any; `null` for none):
   * its services replace discovery, its `limit` and `rule` statements are rule settings (below
   * `rules`, which wins), and the architecture rules check the code against it.
   */
  architecture?: ArchitectureInput | null;
  /** Open editor buffers that override what is on disk (relative path → text). */
  overlays?: ReadonlyMap<string, string>;
  /**
   * The persistent cache (per-file facts and the last result, outside the workspace): `true` for
   * the default folder under the cache home, a folder path, or `false`/absent for none.
   */
  cache?: boolean | string;
  /** Worker threads for parsing: a number (0: none), or `auto` (default: the cores, when there is enough to parse). */
  workers?: number | 'auto';
  /** Called once the files are listed, before any is read: files can change in between, and tests use this to make them. */
  onListed?: (inventory: FileInventory) => void;
}

/** Analyses a folder. */
export function analyze(root: string, options: AnalysisOptions = {}, cache = new FactsCache()): AnalysisResult {
  const started = Date.now();
  const absRoot = path.resolve(root);
  const messages: Diagnostic[] = [];
  if (!fs.existsSync(absRoot) || !fs.statSync(absRoot).isDirectory()) {
    throw new AnalysisInputError(`not a folder: ${root}`);
  }
  const inv = listFiles(absRoot, options);
  for (const s of inv.skipped) messages.push({ file: s.file, message: `skipped: ${s.reason}` });
  options.onListed?.(inv);
  const stat = statKeys(absRoot);
  const store = openStore(absRoot, options, messages);
  // a whole result is reused only for what is on disk, never with unsaved editor buffers
  const key = store && !options.overlays?.size ? resultKey(absRoot, options) : undefined;
  const inputs = key ? resultInputs(absRoot, inv) : [];
  if (store && key) {
    const hit = store.result(key, stat, inputs);
    if (hit) {
      hit.stats.millis = Date.now() - started;
      return hit;
    }
  }
  const facts = collectFacts(absRoot, inv, { overlays: options.overlays, cache, store, workers: options.workers }, stat, messages);
  const model = linkAndCheck(absRoot, inv, facts, options, messages).model;
  if (store) {
    store.retain(new Set(facts.keys()));
    store.save();
    if (key) {
      const record: ResultInputs = {};
      for (const f of inputs) {
        const st = stat(f);
        if (st) record[f] = [st.size, st.mtimeMs, facts.get(f)?.hash ?? ''];
      }
      store.saveResult(key, record, model);
    }
    // a cache that cannot be read or written costs speed, never the result: one message says so
    const problem = store.problems[0];
    if (problem) model.messages.push({ message: `cache not used: ${problem}` });
  }
  model.stats.millis = Date.now() - started;
  return model;
}

/** What linking and checking produce, with the pieces an incremental session keeps. */
export interface Linked {
  model: AnalysisResult;
  program: Program;
  services: ServiceInfo[];
  /** The messages discovery added (handed back with the services when they are reused). */
  discoveryMessages: Diagnostic[];
  modules: ModuleResolver;
}

/**
 * Facts → services → linked model → findings. `reuse` hands over discovery (with its messages),
 * module resolution and the previous program's call graph from an earlier run when what they
 * depend on is unchanged.
 */
export function linkAndCheck(
  absRoot: string,
  inv: FileInventory,
  facts: ReadonlyMap<string, FileFacts>,
  options: AnalysisOptions,
  messages: Diagnostic[],
  reuse: {
    services?: ServiceInfo[];
    discoveryMessages?: Diagnostic[];
    modules?: ModuleResolver;
    previous?: { program: Program; changed: ReadonlySet<string> };
    /** Texts of files on disk read by an earlier run and unchanged since (rules read sources for suppression comments). */
    texts?: Map<string, string | undefined>;
  } = {},
): Linked {
  // each file read once per run: the rules ask for a file's text once per finding
  const texts = reuse.texts ?? new Map<string, string | undefined>();
  const read = (rel: string): string | undefined => {
    const overlay = options.overlays?.get(rel);
    if (overlay !== undefined) return overlay;
    if (!texts.has(rel)) texts.set(rel, readText(absRoot, rel));
    return texts.get(rel);
  };
  const architecture =
    options.architecture === undefined ? findArchitecture(absRoot, read, RULES, options.overlays?.keys()) : (options.architecture ?? undefined);
  for (const p of architecture?.policy.problems ?? []) {
    if (p.severity === 'error') messages.push({ file: architecture!.file, message: `${p.range.start.line}:${p.range.start.column}: ${p.message}` });
  }
  let services = reuse.services;
  const before = messages.length;
  const modules = reuse.modules ?? new ModuleResolver(inv.sources, inv.manifests, read);
  const infra = infrastructureOf(facts, inv, read, modules);
  if (!services) {
    const declared = architecture?.policy.services.map((s) => ({ name: s.name, root: s.root, hosts: s.hosts }));
    services = discoverServices({ manifests: inv.manifests, yaml: inv.yaml, read, facts, messages, ...(declared?.length ? { declared } : {}) });
    addInfraServices(infra, services);
    if (services.length === 0 && facts.size > 0) {
      services.push({ name: path.basename(absRoot), root: '', hosts: [path.basename(absRoot)], ports: [], hostPorts: [], discoveredBy: ['folder'], env: {} });
    }
    for (const m of infra.messages) messages.push(m);
  } else {
    // the services already hold what the infrastructure adds; this assigns the functions again
    addInfraServices(infra, services);
    // discovery's own messages, where a run of it would have put them
    messages.push(...(reuse.discoveryMessages ?? []));
  }
  const discoveryMessages = messages.slice(before);
  const program = new Program(facts, services, modules, reuse.previous);
  program.infra = infra;
  // an edit inside function bodies: the call graph worked out last time still holds for every other file
  if (reuse.previous) program.adopt(reuse.previous.program, reuse.previous.changed);
  const linked = link(program);
  const model: AnalysisResult = {
    schemaVersion: 1,
    root: absRoot,
    services: services.map(publicService),
    endpoints: linked.endpoints,
    interactions: linked.interactions,
    chains: linked.chains,
    findings: [],
    messages,
    stats: { files: inv.sources.length, analysedFiles: facts.size, millis: 0 },
  };
  attachPayloads(model, program);
  const brokers = brokersOf(services);
  if (brokers.length) model.brokers = brokers;
  const rules = architecture ? mergeSettings(ruleSettingsOf(architecture.policy), options.rules ?? {}) : (options.rules ?? {});
  model.findings = runRules(model, { program, sources: (file) => read(file), architecture }, rules);
  return { model, program, services, discoveryMessages, modules };
}

/** The wiring declared by infrastructure code (CDK facts, serverless.yml, SAM templates); empty when there is none. */
function infrastructureOf(facts: ReadonlyMap<string, FileFacts>, inv: FileInventory, read: (rel: string) => string | undefined, modules: ModuleResolver): InfraModel {
  const hasCdk = [...facts.values()].some((f) => f.infra?.length || f.serverless?.kind === 'config');
  const hasTemplates = inv.manifests.some((m) => /(^|\/)(serverless\.ya?ml|template\.ya?ml)$/.test(m));
  if (!hasCdk && !hasTemplates) return emptyInfra();
  // constants in CDK code are resolved like any other value, without services (no environment)
  const resolver = new Program(facts, [], modules);
  const importValue = (file: string, module: string, name: string): unknown => {
    const target = modules.resolve(file, module);
    if (!target) return undefined;
    const hit = resolver.resolveExport(target, name);
    return facts.get(hit?.file ?? target)?.serverless?.value;
  };
  return readInfrastructure({ facts, manifests: inv.manifests, sources: inv.sources, read, resolve: (sym, file) => resolver.resolve(sym, file, {}).text, importValue });
}

/** The persistent cache the options ask for; none (with a message) when it cannot be used. */
function openStore(absRoot: string, options: AnalysisOptions, messages: Diagnostic[]): FactsStore | undefined {
  if (!options.cache) return undefined;
  try {
    return FactsStore.open(absRoot, typeof options.cache === 'string' ? path.resolve(options.cache) : undefined);
  } catch (error) {
    messages.push({ message: `cache not used: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
}

/** Everything about a run's options that can change its result, as one key. */
function resultKey(absRoot: string, options: AnalysisOptions): string | undefined {
  try {
    const { include, exclude, includeTests, maxFileBytes, rules, architecture } = options;
    return contentHash(
      JSON.stringify({ absRoot, include, exclude, includeTests, maxFileBytes, rules, architecture: architecture === undefined ? 'auto' : architecture }),
    );
  } catch {
    // options that cannot be written down cannot key a cached result
    return undefined;
  }
}

/** The files a result depends on: sources, manifests, YAML, skipped files (their messages) and root architecture files. */
function resultInputs(absRoot: string, inv: FileInventory): string[] {
  return [...new Set([...inv.sources, ...inv.manifests, ...inv.yaml, ...inv.skipped.map((s) => s.file), ...architectureFilesAt(absRoot)])].sort();
}

/** Copies message shapes from the facts into the model: the fields each publish sends and each handler reads. */
function attachPayloads(model: AnalysisResult, program: Program): void {
  for (const i of model.interactions) {
    if (i.style === 'common-data' || i.mechanism === 'http' || i.mechanism === 'grpc' || i.mechanism === 'graphql') continue;
    const shape = callFact(program, i)?.payload;
    if (shape) i.payload = { fields: [...shape.fields], ...(shape.open ? { open: true } : {}) };
  }
  for (const ep of model.endpoints) {
    if (ep.kind !== 'message') continue;
    const use = endpointFact(program, ep)?.payload;
    if (!use) continue;
    ep.reads = { fields: [...use.reads], ...(use.open ? { open: true } : {}), ...(use.line ? { line: use.line } : {}), ...(use.column ? { column: use.column } : {}) };
  }
}

function publicService(s: ServiceInfo): Service {
  const out: Service = { name: s.name, root: s.root, hosts: s.hosts, ports: s.ports, discoveredBy: s.discoveredBy };
  if (s.notAnalysed) out.notAnalysed = true;
  return out;
}

/** A problem with what the user asked to analyse (not an internal error). */
export class AnalysisInputError extends Error {}
