/**
 * The analysis entry point: files → per-file facts (cached by content) → services → linked
 * model → findings. Plain data in, plain data out; no editor or protocol types.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DETECTORS } from './detectors';
import { dataSchemaFacts, isDataSchemaFile } from './detectors/data';
import type { FileFacts } from './facts';
import { link } from './link/linker';
import { Program } from './link/program';
import type { AnalysisResult, Diagnostic, Service } from './model';
import type { ArchitectureInput } from '../architecture/check';
import { findArchitecture } from '../architecture/locate';
import { ruleSettingsOf } from '../architecture/policy';
import { RULES, runRules, type RuleSettings } from './rules';
import { mergeSettings } from './rules/settings';
import { extractFacts, hashText } from './syntax/extract';
import { DEFAULT_MAX_FILE_BYTES, type FileOptions, listFiles, readText, unreadableReason } from './workspace/files';
import { ModuleResolver } from './workspace/modules';
import { discoverServices, type ServiceInfo } from './workspace/services';

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
}

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

/** Words that must appear for a file to possibly matter; other files only need their imports. */
const PREFILTER = /fetch|axios|got|ky|superagent|undici|needle|http|express|koa|hono|fastify|Router|@nestjs|Client|listen|Kafka|amqp|nats|redis|Redis|Queue|Worker|publish|subscribe|emit|send|prisma|Prisma|typeorm|mongoose|sequelize|knex|drizzle|sql|SQS|SNS|EventBridge|PubSub|grpc|proto|graphql|gql|Controller|Resolver|Pattern|Service|socket|dapr|moleculer|trpc|handler|class |extends|export|S3|Bucket|File|readdir|query|model|Model|find|collection|Table|kafka|rabbit|Rabbit|consume|bull|Bull|pubsub|sqs|sns|aws-sdk|topic|Processor|\.add\(/;

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
  const read = (rel: string): string | undefined => options.overlays?.get(rel) ?? readText(absRoot, rel);
  const facts = new Map<string, FileFacts>();
  for (const file of inv.sources) {
    const text = read(file);
    if (text === undefined) {
      messages.push({ file, message: 'skipped: could not be read (deleted or unreadable)' });
      continue;
    }
    const reason = unreadableReason(text);
    if (reason) {
      messages.push({ file, message: `skipped: ${reason}` });
      continue;
    }
    const hash = hashText(text);
    let f = cache.get(file, hash);
    if (!f) {
      f = extractFacts(file, text, PREFILTER.test(text) ? DETECTORS : []);
      cache.set(f);
    }
    for (const m of f.messages) messages.push({ file, message: m });
    facts.set(file, f);
  }
  // schema files that are not code (schema.prisma, SQL migrations) declare data stores
  for (const file of inv.manifests) {
    if (!isDataSchemaFile(file)) continue;
    const text = read(file);
    if (text === undefined || text.length > DEFAULT_MAX_FILE_BYTES || unreadableReason(text)) continue;
    const hash = hashText(text);
    let f = cache.get(file, hash);
    if (!f) {
      f = dataSchemaFacts(file, text, hash);
      cache.set(f);
    }
    facts.set(file, f);
  }
  cache.retain(new Set(facts.keys()));
  const architecture = options.architecture === undefined ? findArchitecture(absRoot, read, RULES, options.overlays?.keys()) : (options.architecture ?? undefined);
  for (const p of architecture?.policy.problems ?? []) {
    if (p.severity === 'error') messages.push({ file: architecture!.file, message: `${p.range.start.line}:${p.range.start.column}: ${p.message}` });
  }
  const declared = architecture?.policy.services.map((s) => ({ name: s.name, root: s.root, hosts: s.hosts }));
  const services = discoverServices({ manifests: inv.manifests, yaml: inv.yaml, read, facts, messages, ...(declared?.length ? { declared } : {}) });
  if (services.length === 0 && facts.size > 0) {
    services.push({ name: path.basename(absRoot), root: '', hosts: [path.basename(absRoot)], ports: [], hostPorts: [], discoveredBy: ['folder'], env: {} });
  }
  const modules = new ModuleResolver(inv.sources, inv.manifests, read);
  const program = new Program(facts, services, modules);
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
  const rules = architecture ? mergeSettings(ruleSettingsOf(architecture.policy), options.rules ?? {}) : (options.rules ?? {});
  model.findings = runRules(model, { program, sources: (file) => read(file), architecture }, rules);
  model.stats.millis = Date.now() - started;
  return model;
}

function publicService(s: ServiceInfo): Service {
  const out: Service = { name: s.name, root: s.root, hosts: s.hosts, ports: s.ports, discoveredBy: s.discoveredBy };
  if (s.notAnalysed) out.notAnalysed = true;
  return out;
}

/** A problem with what the user asked to analyse (not an internal error). */
export class AnalysisInputError extends Error {}
