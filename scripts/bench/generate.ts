/**
 * A seeded generator of realistic synthetic workspaces for the benchmark: services of every
 * framework and library the engine knows (Express, Fastify, Koa, Hono, NestJS HTTP and
 * microservices, grpc-js, Next.js, tsoa, Apollo, workers), HTTP/gRPC/GraphQL clients, brokers
 * (Kafka, RabbitMQ, NATS, Redis, BullMQ, SQS, Pub/Sub, NestJS events), shared databases (Prisma,
 * TypeORM, mongoose, Sequelize, Knex), shared libraries, docker-compose, test code that must be
 * skipped, and a large share of ordinary code. The same seed and size give the same bytes.
 *
 * `node --import tsx scripts/bench/generate.ts --lines 100000 [--seed 1] [--out dir]`
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Bump when the generated shapes change, so cached workspaces are not reused across versions. */
export const GENERATOR_VERSION = 3;

/** A place where the benchmark edits the workspace, and how the diagnostics show the edit. */
export interface EditSite {
  kind: 'url' | 'topic' | 'handler' | 'delete';
  /** The file that is edited (or deleted). */
  file: string;
  /** The file whose diagnostics reflect the edit. */
  watch: string;
  /** Text in `file` that the forward edit replaces (url, topic) or after which it inserts (handler). */
  find: string;
  /** Replacement or inserted text; `{n}` is replaced by a number unique to each edit. */
  replace: string;
  /** Text that appears in a diagnostic of `watch` when the forward edit is in effect (after `{n}` substitution), or disappears for handler/delete. */
  marker: string;
}

/** What the generator wrote. */
export interface Generated {
  root: string;
  seed: number;
  /** Lines of the TypeScript files that are analysed (test code excluded). */
  lines: number;
  /** Lines of test code (written, but not analysed). */
  testLines: number;
  /** Analysed source files (relative paths), sorted. */
  sources: string[];
  tests: string[];
  services: { name: string; kind: string }[];
  edits: EditSite[];
}

/** Options of one generation. */
export interface GenerateOptions {
  /** Target number of lines of analysed TypeScript. */
  lines: number;
  seed?: number;
  /** Output folder (created; must not exist or be empty). Default: a new folder under the OS temp dir. */
  out?: string;
}

// ------------------------------------------------------------------ seeded randomness

class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** mulberry32 */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  sample<T>(list: readonly T[], n: number): T[] {
    const copy = [...list];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }
}

const NOUNS = [
  'order',
  'invoice',
  'payment',
  'customer',
  'account',
  'shipment',
  'product',
  'cart',
  'review',
  'coupon',
  'ticket',
  'booking',
  'refund',
  'ledger',
  'profile',
  'session',
  'report',
  'notice',
  'message',
  'document',
  'asset',
  'vendor',
  'contract',
  'quote',
  'claim',
  'policy',
  'device',
  'reading',
  'route',
  'driver',
  'parcel',
  'warehouse',
  'stock',
  'price',
  'tax',
  'discount',
  'subscription',
  'plan',
  'usage',
  'metric',
  'alert',
  'audit',
  'badge',
  'course',
  'lesson',
  'grade',
  'schedule',
  'slot',
  'room',
  'guest',
  'menu',
  'recipe',
  'batch',
  'label',
  'carrier',
  'return',
  'wallet',
];
const DOMAINS = [
  'orders',
  'billing',
  'payments',
  'customers',
  'accounts',
  'shipping',
  'catalog',
  'carts',
  'reviews',
  'promotions',
  'support',
  'bookings',
  'refunds',
  'ledger',
  'profiles',
  'sessions',
  'reporting',
  'notifications',
  'messaging',
  'documents',
  'assets',
  'vendors',
  'contracts',
  'quotes',
  'claims',
  'policies',
  'devices',
  'telemetry',
  'routing',
  'drivers',
  'parcels',
  'warehouse',
  'inventory',
  'pricing',
  'tax',
  'discounts',
  'subscriptions',
  'plans',
  'usage',
  'metrics',
  'alerts',
  'audit',
  'badges',
  'courses',
  'lessons',
  'grades',
  'scheduling',
  'rooms',
  'guests',
  'menus',
  'recipes',
];
const VERBS = [
  'load',
  'save',
  'compute',
  'check',
  'build',
  'merge',
  'split',
  'apply',
  'resolve',
  'format',
  'parse',
  'score',
  'rank',
  'sync',
  'plan',
  'notify',
  'prepare',
  'collect',
  'filter',
  'summarise',
];
const FIELDS = [
  'id',
  'name',
  'status',
  'total',
  'currency',
  'createdAt',
  'updatedAt',
  'ownerId',
  'amount',
  'quantity',
  'code',
  'region',
  'priority',
  'note',
  'tags',
  'version',
];

const KINDS = ['express', 'nest', 'fastify', 'koa', 'hono', 'nest-ms', 'grpc', 'next', 'tsoa', 'apollo', 'worker'] as const;
type Kind = (typeof KINDS)[number];

const MECHS = ['kafka', 'amqp', 'nats', 'redis', 'bullmq', 'sqs', 'pubsub', 'nest-event'] as const;
type Mech = (typeof MECHS)[number];

const ORMS = ['prisma', 'typeorm', 'mongoose', 'sequelize', 'knex'] as const;
type Orm = (typeof ORMS)[number];

const HTTP_LIBS = ['axios', 'fetch', 'got', 'ky', 'superagent', 'undici', 'http-kit'] as const;

interface Endpoint {
  method: string;
  /** Full path as a caller writes it, e.g. /api/orders/ */
  path: string;
  /** Example suffix for a concrete call (`1` for `:id`). */
  example: string;
}

interface Topic {
  name: string;
  mech: Mech;
  producer: Svc;
  consumers: Svc[];
}

interface Svc {
  index: number;
  name: string;
  kind: Kind;
  port: number;
  layer: number;
  resources: string[];
  endpoints: Endpoint[];
  /** NestJS message patterns this service answers (nest-ms, over NATS). */
  patterns: string[];
  /** gRPC methods (grpc kind): service name and methods. */
  grpc?: { service: string; methods: string[] };
  /** GraphQL query fields (apollo kind). */
  gql: string[];
  callees: Svc[];
  publishes: Topic[];
  consumes: Topic[];
  db?: { group: number; orm: Orm; tables: string[]; owner: boolean };
  budget: number;
  envVars: Record<string, string>;
}

const pascal = (s: string): string => s.replace(/(^|[-_.])(\w)/g, (_m, _p, c: string) => c.toUpperCase());
const camel = (s: string): string => {
  const p = pascal(s);
  return p[0]!.toLowerCase() + p.slice(1);
};
const envName = (svc: string): string => svc.toUpperCase().replace(/-/g, '_') + '_URL';

/** Generates a workspace; returns what was written. */
export function generate(options: GenerateOptions): Generated {
  const seed = options.seed ?? 1;
  const rng = new Rng(seed * 7919 + options.lines);
  const root = options.out ?? fs.mkdtempSync(path.join(os.tmpdir(), `switchboard-bench-${options.lines}-`));
  fs.mkdirSync(root, { recursive: true });
  const files = new Map<string, string>();
  const testFiles = new Set<string>();
  const write = (rel: string, text: string, test = false): void => {
    files.set(rel, text);
    if (test) testFiles.add(rel);
  };

  // ~2,500 lines per service on average, at least four services; shared libraries take ~6 %
  const serviceCount = Math.max(4, Math.round(options.lines / 2500));
  const libBudget = Math.round(options.lines * 0.06);
  const services: Svc[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < serviceCount; i++) {
    let name = DOMAINS[i % DOMAINS.length]!;
    if (i >= DOMAINS.length || usedNames.has(name)) name = `${name}-${Math.floor(i / DOMAINS.length) + 1}`;
    usedNames.add(name);
    // the first services are gateways and web front ends; workers and RPC servers sit lower
    // the first four are fixed so every size has the sites the editing benchmark needs
    const kind: Kind = (['express', 'nest', 'express', 'nest-ms'] as const)[i] ?? KINDS[(i * 7 + rng.int(0, 3)) % KINDS.length]!;
    const resources = rng.sample(NOUNS, rng.int(2, 4));
    services.push({
      index: i,
      name,
      kind,
      port: 3000 + i,
      layer: i === 0 || i < serviceCount / 10 ? 0 : 1 + (i % 4),
      resources,
      endpoints: [],
      patterns: [],
      gql: [],
      callees: [],
      publishes: [],
      consumes: [],
      budget: Math.round((((options.lines - libBudget) / serviceCount) * (0.5 + rng.next())) | 0),
      envVars: {},
    });
  }
  // endpoints each service offers, from its resources
  for (const s of services) {
    const prefix = s.kind === 'next' ? '/api' : s.kind === 'tsoa' ? '' : '/api';
    for (const r of s.resources) {
      const base = `${prefix}/${r}s`;
      if (s.kind === 'nest-ms') {
        s.patterns.push(`${r}.get`, `${r}.list`, `${r}.update`);
        continue;
      }
      if (s.kind === 'grpc') continue;
      if (s.kind === 'apollo') {
        s.gql.push(r, `${r}s`);
        continue;
      }
      if (s.kind === 'worker') continue;
      s.endpoints.push(
        { method: 'GET', path: `${base}/`, example: '42' },
        { method: 'GET', path: `${base}`, example: '' },
        { method: 'POST', path: `${base}`, example: '' },
      );
      if (rng.chance(0.6)) s.endpoints.push({ method: 'PUT', path: `${base}/`, example: '7' });
      if (rng.chance(0.4)) s.endpoints.push({ method: 'DELETE', path: `${base}/`, example: '9' });
    }
    if (s.kind === 'grpc')
      s.grpc = { service: `${pascal(s.resources[0]!)}Service`, methods: s.resources.flatMap((r) => [`Get${pascal(r)}`, `List${pascal(r)}s`]) };
  }
  // synchronous callees: one to three services of a lower layer (or, rarely, a peer: cycles exist in real systems)
  for (const s of services) {
    if (s.kind === 'worker' && rng.chance(0.5)) continue;
    const lower = services.filter(
      (o) => o !== s && (o.layer > s.layer || (o.layer === s.layer && o.index > s.index && rng.chance(0.05))) && o.kind !== 'worker',
    );
    s.callees = rng.sample(lower, Math.min(lower.length, rng.int(1, 3)));
  }
  // the gateway calls the second Express service and the NestJS microservice (URL and topic edit sites)
  services[0]!.callees = [...new Set([services[2]!, services[3]!, ...services[0]!.callees])];
  // topics: each service publishes one to three; one to three others consume each
  const topics: Topic[] = [];
  for (const s of services) {
    const n = s.kind === 'next' ? 1 : rng.int(1, 3);
    for (let k = 0; k < n; k++) {
      let mech: Mech = rng.pick(MECHS);
      if (mech === 'nest-event' && !(s.kind === 'nest' || s.kind === 'nest-ms')) mech = 'kafka';
      const noun = rng.pick(s.resources);
      const t: Topic = {
        name: `${s.name}.${noun}.${rng.pick(['created', 'updated', 'deleted', 'closed', 'approved', 'failed'])}-${k}`,
        mech,
        producer: s,
        consumers: [],
      };
      if (mech === 'sqs') t.name = `https://sqs.eu-west-1.amazonaws.com/123456789012/${s.name}-${noun}-${k}`;
      if (mech === 'bullmq') t.name = `${s.name}-${noun}-jobs-${k}`;
      const others = services.filter((o) => o !== s && (mech !== 'nest-event' || o.kind === 'nest' || o.kind === 'nest-ms'));
      t.consumers = rng.sample(others, Math.min(others.length, mech === 'bullmq' || mech === 'sqs' ? 1 : rng.int(1, 3)));
      topics.push(t);
      s.publishes.push(t);
      for (const c of t.consumers) c.consumes.push(t);
    }
  }
  // shared databases: groups of three services, one owns the tables, the others read or write them
  for (let g = 0; g * 3 < services.length; g++) {
    const members = services.slice(g * 3, g * 3 + 3).filter((s) => s.kind !== 'next');
    const orm = rng.pick(ORMS);
    const tables = [`${members[0]?.resources[0] ?? 'item'}s`, `${members[0]?.resources[1] ?? 'entry'}_events`];
    members.forEach((m, i) => (m.db = { group: g, orm, tables, owner: i === 0 }));
  }

  // ---------------------------------------------------------------- root manifests
  const libs = ['http-kit', 'events', ...Array.from({ length: Math.max(1, Math.round(libBudget / 1500)) }, (_v, i) => `util-${i + 1}`)];
  write('package.json', JSON.stringify({ name: 'bench-monorepo', private: true, workspaces: ['services/*', 'libs/*'] }, null, 2) + '\n');
  write(
    'tsconfig.base.json',
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'commonjs',
          strict: true,
          experimentalDecorators: true,
          baseUrl: '.',
          paths: Object.fromEntries(libs.map((l) => [`@bench/${l}`, [`libs/${l}/src/index.ts`]])),
        },
      },
      null,
      2,
    ) + '\n',
  );
  const compose: string[] = ['services:'];
  for (const s of services) {
    compose.push(`  ${s.name}:`, `    build: ./services/${s.name}`, `    ports: ["${s.port}:${s.port}"]`);
    const env: Record<string, string> = {
      PORT: String(s.port),
      NATS_URL: 'nats://nats:4222',
      KAFKA_BROKERS: 'kafka:9092',
      REDIS_URL: 'redis://redis:6379',
      AMQP_URL: 'amqp://rabbitmq',
    };
    for (const c of s.callees)
      env[envName(c.name)] = c.kind === 'grpc' ? `${c.name}:${50000 + c.index}` : `http://${c.name}:${c.port}${c.kind === 'apollo' ? '/graphql' : ''}`;
    if (s.db) env.DATABASE_URL = dbUrl(s.db.orm, s.db.group);
    s.envVars = env;
    compose.push('    environment:');
    for (const [k, v] of Object.entries(env)) compose.push(`      ${k}: "${v}"`);
  }
  compose.push(
    '  postgres:',
    '    image: postgres:16',
    '  kafka:',
    '    image: bitnami/kafka:3.7',
    '  nats:',
    '    image: nats:2.10',
    '  redis:',
    '    image: redis:7',
    '  rabbitmq:',
    '    image: rabbitmq:3-management',
    '  mongo:',
    '    image: mongo:7',
  );
  write('docker-compose.yml', compose.join('\n') + '\n');

  // ---------------------------------------------------------------- shared libraries
  const libFiles: Record<string, string[]> = {};
  write(
    'libs/http-kit/package.json',
    JSON.stringify({ name: '@bench/http-kit', version: '1.0.0', main: 'src/index.ts', dependencies: { axios: '^1.7.0' } }, null, 2) + '\n',
  );
  write(
    'libs/http-kit/src/get-json.ts',
    `import axios from 'axios';\n\n/** Reads JSON from another service; every caller names the URL. */\nexport async function getJson<T>(url: string, timeoutMs = 2000): Promise<T> {\n  const res = await axios.get<T>(url, { timeout: timeoutMs });\n  return res.data;\n}\n\nexport async function postJson<T>(url: string, body: unknown): Promise<T> {\n  const res = await axios.post<T>(url, body, { timeout: 3000 });\n  return res.data;\n}\n`,
  );
  write('libs/http-kit/src/retry.ts', ordinaryModule(rng, 'retry', [], 60).text);
  write('libs/http-kit/src/index.ts', `export { getJson, postJson } from './get-json';\nexport * from './retry';\n`);
  write(
    'libs/events/package.json',
    JSON.stringify({ name: '@bench/events', version: '1.0.0', main: 'src/index.ts', dependencies: { nats: '^2.28.0' } }, null, 2) + '\n',
  );
  write(
    'libs/events/src/publisher.ts',
    `import { connect, JSONCodec, type NatsConnection } from 'nats';\n\nconst codec = JSONCodec();\nlet connection: NatsConnection | undefined;\n\nexport async function bus(): Promise<NatsConnection> {\n  connection ??= await connect({ servers: process.env.NATS_URL ?? 'nats://nats:4222' });\n  return connection;\n}\n\n/** Base class of typed publishers: each subclass names its subject. */\nexport abstract class Publisher<T> {\n  abstract subject: string;\n  async publish(data: T): Promise<void> {\n    const nc = await bus();\n    nc.publish(this.subject, codec.encode(data));\n  }\n}\n`,
  );
  write('libs/events/src/index.ts', `export { Publisher, bus } from './publisher';\n`);
  for (const l of libs.slice(2)) {
    write(`libs/${l}/package.json`, JSON.stringify({ name: `@bench/${l}`, version: '1.0.0', main: 'src/index.ts' }, null, 2) + '\n');
    const names: string[] = [];
    let used = 0;
    for (let k = 0; used < 1500; k++) {
      const m = ordinaryModule(
        rng,
        `${rng.pick(NOUNS)}-${rng.pick(['math', 'text', 'time', 'rules', 'format', 'guard', 'cache'])}-${k}`,
        names.slice(-2).map((n) => `./${n}`),
        rng.int(50, 160),
      );
      write(`libs/${l}/src/${m.name}.ts`, m.text);
      names.push(m.name);
      used += m.lines;
    }
    write(`libs/${l}/src/index.ts`, names.map((n) => `export * from './${n}';`).join('\n') + '\n');
    libFiles[l] = names;
  }

  // ---------------------------------------------------------------- services
  const edits: EditSite[] = [];
  const pendingTargets: { svc: Svc; routesFile: string; anchor: string; resource: string }[] = [];
  for (const s of services) {
    const dir = `services/${s.name}`;
    const deps = new Set<string>(depsOf(s));
    write(
      `${dir}/tsconfig.json`,
      JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { outDir: 'dist' }, include: ['src'] }, null, 2) + '\n',
    );
    write(
      `${dir}/.env.example`,
      Object.entries(s.envVars)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
    );
    const ordinary: string[] = [];
    const ctx: ServiceContext = { s, dir, rng, write, ordinary, libs: libs.slice(2), edits, pendingTargets };
    // ordinary code first, so communication modules can import it
    let lines = 0;
    const target = s.budget;
    const comm = writeCommunication(ctx); // returns lines written
    lines += comm;
    let k = 0;
    while (lines < target) {
      const folder = rng.pick(['domain', 'domain', 'model', 'util', 'validation', 'mappers', 'policies']);
      const name = `${rng.pick(s.resources)}-${rng.pick(VERBS)}-${k++}`;
      const imports = ordinary.length && rng.chance(0.7) ? rng.sample(ordinary, rng.int(1, 2)).map((o) => relImport(`${folder}/${name}`, o)) : [];
      const libImport = rng.chance(0.25) && ctx.libs.length ? [`@bench/${rng.pick(ctx.libs)}`] : [];
      const m = ordinaryModule(rng, name, [...imports, ...libImport], rng.int(40, 220));
      write(`${dir}/src/${folder}/${m.name}.ts`, m.text);
      ordinary.push(`${folder}/${m.name}`);
      lines += m.lines;
    }
    // test code: must be skipped (it calls things that would change the graph if it were analysed)
    write(`${dir}/src/domain/${s.resources[0]}.service.spec.ts`, specFile(s), true);
    write(
      `${dir}/test/app.e2e-spec.ts`,
      `import request from 'supertest';\nimport axios from 'axios';\n\ndescribe('${s.name} (e2e)', () => {\n  it('answers', async () => {\n    await axios.post('http://${services[(s.index + 1) % services.length]!.name}:1/api/test-only', {});\n    await request('http://localhost:${s.port}').get('/health').expect(200);\n  });\n});\n`,
      true,
    );
    write(`${dir}/src/__mocks__/client.ts`, `export const fetchMock = () => fetch('http://mock-only:9/api/mock');\n`, true);
    write(
      `${dir}/package.json`,
      JSON.stringify(
        {
          name: `@bench/${s.name}`,
          version: '1.0.0',
          private: true,
          scripts: { start: 'node dist/main.js', test: 'jest' },
          dependencies: Object.fromEntries([...deps].sort().map((d) => [d, '*'])),
        },
        null,
        2,
      ) + '\n',
    );
  }

  // "new handler" edits: a caller already calls a route the target does not have yet
  for (const p of pendingTargets) {
    const caller =
      services.find((c) => c !== p.svc && c.kind === 'express' && c.callees.includes(p.svc)) ?? services.find((c) => c !== p.svc && c.kind === 'express');
    if (!caller) continue;
    const n = edits.filter((e) => e.kind === 'handler').length;
    if (n >= 8) break;
    const file = `services/${caller.name}/src/clients/pending-${n}.client.ts`;
    // a path no existing route pattern matches (`/api/orders/:id` would swallow `/api/orders/pending-0`)
    const url = `http://${p.svc.name}:${p.svc.port}/api/pending-${n}/${p.resource}s`;
    write(
      file,
      `import axios from 'axios';\n\n/** Calls a route that ${p.svc.name} is about to offer. */\nexport async function pending${n}(): Promise<unknown> {\n  const res = await axios.get('${url}', { timeout: 1500 });\n  return res.data;\n}\n`,
    );
    edits.push({
      kind: 'handler',
      file: p.routesFile,
      watch: file,
      find: p.anchor,
      replace: `${p.anchor}\nrouter.get('/pending-${n}/${p.resource}s', (_req, res) => res.json({ pending: ${n} }));`,
      marker: `pending-${n}/`,
    });
  }

  // "deleted file" edits: a caller depends on a route that lives in a file of its own
  for (const target of services.filter((x) => x.kind === 'express' || x.kind === 'tsoa')) {
    const caller = services.find((c) => c !== target && c.kind === 'express');
    const n = edits.filter((e) => e.kind === 'delete').length;
    if (!caller || n >= 8) break;
    const file = `services/${caller.name}/src/clients/extra-${n}.client.ts`;
    write(
      file,
      `import axios from 'axios';\n\nexport async function extra${n}(): Promise<unknown> {\n  const res = await axios.get('http://${target.name}:${target.port}/api/extra/${target.name}', { timeout: 1500 });\n  return res.data;\n}\n`,
    );
    edits.push({
      kind: 'delete',
      file: `services/${target.name}/src/routes/extra.routes.ts`,
      watch: file,
      find: '',
      replace: '',
      marker: `extra/${target.name}`,
    });
  }

  for (const [rel, text] of files) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  const sources = [...files.keys()].filter((f) => /\.tsx?$/.test(f) && !testFiles.has(f)).sort();
  const count = (list: string[]): number => list.reduce((n, f) => n + files.get(f)!.split('\n').length - 1, 0);
  return {
    root,
    seed,
    lines: count(sources),
    testLines: count([...testFiles].filter((f) => /\.tsx?$/.test(f))),
    sources,
    tests: [...testFiles].sort(),
    services: services.map((s) => ({ name: s.name, kind: s.kind })),
    edits,
  };
}

function dbUrl(orm: Orm, group: number): string {
  if (orm === 'mongoose') return `mongodb://mongo:27017/shared${group}`;
  if (orm === 'sequelize') return `mysql://app:secret@mysql:3306/shared${group}`;
  return `postgres://app:secret@postgres:5432/shared${group}`;
}

function depsOf(s: Svc): string[] {
  const d: string[] = ['axios', 'got', 'ky', 'superagent', 'undici', '@bench/http-kit', '@bench/events'];
  if (s.kind === 'express' || s.kind === 'tsoa') d.push('express');
  if (s.kind === 'tsoa') d.push('tsoa');
  if (s.kind === 'fastify') d.push('fastify');
  if (s.kind === 'koa') d.push('koa', '@koa/router');
  if (s.kind === 'hono') d.push('hono', '@hono/node-server');
  if (s.kind === 'nest' || s.kind === 'nest-ms') d.push('@nestjs/common', '@nestjs/core', '@nestjs/microservices', '@nestjs/axios', 'rxjs');
  if (s.kind === 'grpc') d.push('@grpc/grpc-js', '@grpc/proto-loader');
  if (s.kind === 'next') d.push('next', 'react');
  if (s.kind === 'apollo') d.push('@apollo/server', 'graphql');
  for (const t of [...s.publishes, ...s.consumes])
    d.push(
      ...{
        kafka: ['kafkajs'],
        amqp: ['amqplib'],
        nats: ['nats'],
        redis: ['ioredis'],
        bullmq: ['bullmq'],
        sqs: ['@aws-sdk/client-sqs', 'sqs-consumer'],
        pubsub: ['@google-cloud/pubsub'],
        'nest-event': ['@nestjs/microservices'],
      }[t.mech],
    );
  if (s.db) d.push(...{ prisma: ['@prisma/client'], typeorm: ['typeorm'], mongoose: ['mongoose'], sequelize: ['sequelize'], knex: ['knex'] }[s.db.orm]);
  return [...new Set(d)];
}

function relImport(fromRel: string, toRel: string): string {
  let r = path.posix.relative(path.posix.dirname(fromRel), toRel);
  if (!r.startsWith('.')) r = `./${r}`;
  return r;
}

// ------------------------------------------------------------------ ordinary code

/** A module of ordinary code (no communication): types, a class, pure functions, calls into its imports. */
function ordinaryModule(rng: Rng, name: string, imports: string[], targetLines: number): { name: string; text: string; lines: number } {
  const out: string[] = [];
  const noun = pascal(rng.pick(NOUNS));
  const imported: string[] = [];
  imports.forEach((spec, i) => {
    const alias = `dep${i}`;
    out.push(`import * as ${alias} from '${spec}';`);
    imported.push(alias);
  });
  if (imports.length) out.push('');
  const fields = rng.sample(FIELDS, rng.int(3, 7));
  out.push(`/** A ${noun.toLowerCase()} as this module sees it. */`);
  out.push(`export interface ${noun}Shape {`);
  for (const f of fields)
    out.push(
      `  ${f}${rng.chance(0.3) ? '?' : ''}: ${f.endsWith('At') ? 'Date' : ['total', 'amount', 'quantity', 'priority', 'version'].includes(f) ? 'number' : f === 'tags' ? 'string[]' : 'string'};`,
    );
  out.push('}', '');
  const enumName = `${noun}State${rng.int(1, 99)}`;
  out.push(`export enum ${enumName} {`, `  Draft = 'draft',`, `  Active = 'active',`, `  Closed = 'closed',`, '}', '');
  out.push(`const LIMITS = { max: ${rng.int(10, 500)}, min: ${rng.int(0, 9)}, label: '${name}' } as const;`, '');
  const fnNames: string[] = [];
  let fnCount = 0;
  const fn = (): void => {
    const fname = `${rng.pick(VERBS)}${noun}${fnCount++}`;
    fnNames.push(fname);
    const body: string[] = [];
    const variant = rng.int(0, 5);
    if (variant === 0) {
      body.push(`export function ${fname}(items: ${noun}Shape[], threshold = LIMITS.min): ${noun}Shape[] {`);
      body.push(
        `  const seen = new Set<string>();`,
        `  const out: ${noun}Shape[] = [];`,
        `  for (const item of items) {`,
        `    const key = String(item.${fields[0]});`,
        `    if (seen.has(key)) continue;`,
        `    seen.add(key);`,
      );
      body.push(`    if (Object.keys(item).length > threshold) out.push({ ...item });`, `  }`, `  return out.slice(0, LIMITS.max);`, `}`);
    } else if (variant === 1) {
      body.push(`export function ${fname}(value: ${noun}Shape): string {`, `  switch (value.${fields[0]}) {`);
      for (let i = 0; i < rng.int(2, 5); i++)
        body.push(`    case '${rng.pick(VERBS)}':`, `      return \`${rng.pick(VERBS)}:\${value.${fields[1] ?? fields[0]}}\`;`);
      body.push(`    default:`, `      return ${imported.length && rng.chance(0.5) ? `String(${rng.pick(imported)})` : `'${name}'`};`, `  }`, `}`);
    } else if (variant === 2) {
      body.push(`export async function ${fname}(input: Partial<${noun}Shape>): Promise<${noun}Shape | undefined> {`, `  try {`);
      body.push(`    const merged = { ...input, version: (input as { version?: number }).version ?? 1 } as ${noun}Shape;`);
      if (fnNames.length > 1) body.push(`    await Promise.resolve(${fnNames[fnNames.length - 2]}.length);`);
      body.push(`    return merged;`, `  } catch (error) {`, `    console.warn('${fname} failed', error);`, `    return undefined;`, `  }`, `}`);
    } else if (variant === 3) {
      body.push(
        `export const ${fname} = (list: number[]): number =>`,
        `  list`,
        `    .filter((n) => Number.isFinite(n) && n >= LIMITS.min)`,
        `    .map((n) => Math.round(n * ${rng.int(2, 9)}) / ${rng.int(2, 9)})`,
        `    .reduce((a, b) => a + b, 0);`,
      );
    } else if (variant === 4) {
      body.push(
        `export function ${fname}(text: string): Record<string, number> {`,
        `  const counts: Record<string, number> = {};`,
        `  for (const word of text.toLowerCase().split(/\\W+/)) {`,
        `    if (!word) continue;`,
        `    counts[word] = (counts[word] ?? 0) + 1;`,
        `  }`,
      );
      if (fnNames.length > 1 && rng.chance(0.5)) body.push(`  void ${fnNames[rng.int(0, fnNames.length - 2)]};`);
      body.push(`  return counts;`, `}`);
    } else {
      body.push(
        `export function ${fname}(a: Date, b: Date): number {`,
        `  const ms = Math.abs(b.getTime() - a.getTime());`,
        `  const days = Math.floor(ms / 86_400_000);`,
        `  return days > LIMITS.max ? LIMITS.max : days;`,
        `}`,
      );
    }
    out.push(`/** ${pascal(rng.pick(VERBS))}s ${noun.toLowerCase()} data (${name}). */`, ...body, '');
  };
  const cls = (): void => {
    const cname = `${noun}${pascal(rng.pick(VERBS))}er${rng.int(1, 999)}`;
    out.push(`export class ${cname} {`, `  private readonly cache = new Map<string, ${noun}Shape>();`, `  private hits = 0;`, '');
    out.push(`  constructor(private readonly label: string = LIMITS.label) {}`, '');
    const methods = rng.int(3, 7);
    for (let i = 0; i < methods; i++) {
      const m = `${rng.pick(VERBS)}${i}`;
      if (i % 3 === 0) {
        out.push(
          `  ${m}(key: string, value: ${noun}Shape): void {`,
          `    this.cache.set(\`\${this.label}:\${key}\`, value);`,
          `    this.hits = this.cache.size;`,
          `  }`,
          '',
        );
      } else if (i % 3 === 1) {
        out.push(
          `  ${m}(key: string): ${noun}Shape | undefined {`,
          `    const hit = this.cache.get(\`\${this.label}:\${key}\`);`,
          `    if (hit) this.hits++;`,
          `    return hit;`,
          `  }`,
          '',
        );
      } else {
        const callee = fnNames.length ? rng.pick(fnNames) : undefined;
        out.push(
          `  ${m}(): number {`,
          `    let total = 0;`,
          `    for (const [k, v] of this.cache) {`,
          `      total += k.length + Object.keys(v).length;`,
          `    }`,
        );
        if (callee) out.push(`    void ${callee};`);
        if (imported.length) out.push(`    void Object.keys(${rng.pick(imported)}).length;`);
        out.push(`    return total + this.hits;`, `  }`, '');
      }
    }
    out.push('}', '');
  };
  while (out.length < targetLines) {
    if (rng.chance(0.3)) cls();
    else fn();
  }
  const text = out.join('\n') + '\n';
  return { name, text, lines: out.length };
}

function specFile(s: Svc): string {
  return `import axios from 'axios';\n\ndescribe('${s.name}', () => {\n  it('calls a stub', async () => {\n    const res = await axios.get('http://stub-only:9999/api/never');\n    expect(res.status).toBe(200);\n  });\n  it('publishes in tests only', async () => {\n    await fetch('http://test-harness:1/publish', { method: 'POST' });\n  });\n});\n`;
}

// ------------------------------------------------------------------ communication code

interface ServiceContext {
  s: Svc;
  dir: string;
  rng: Rng;
  write: (rel: string, text: string, test?: boolean) => void;
  ordinary: string[];
  libs: string[];
  edits: EditSite[];
  pendingTargets: { svc: Svc; routesFile: string; anchor: string; resource: string }[];
}

/** Writes the service's entry point, handlers, clients, publishers, consumers and data access; returns the line count. */
function writeCommunication(c: ServiceContext): number {
  let lines = 0;
  const put = (rel: string, text: string): void => {
    c.write(`${c.dir}/${rel}`, text);
    lines += text.split('\n').length - 1;
  };
  const { s, rng } = c;
  // configuration: URLs of callees from the environment with a default
  const cfg: string[] = [
    `/** Runtime configuration of ${s.name}, from the environment. */`,
    `export const config = {`,
    `  port: Number(process.env.PORT ?? ${s.port}),`,
  ];
  for (const callee of s.callees)
    cfg.push(
      `  ${camel(callee.name)}Url: process.env.${envName(callee.name)} ?? '${callee.kind === 'grpc' ? `${callee.name}:${50000 + callee.index}` : `http://${callee.name}:${callee.port}`}',`,
    );
  cfg.push(`  serviceName: '${s.name}',`, `};`, '');
  put('src/config.ts', cfg.join('\n'));

  // clients: one module per callee, in the style of the service's framework
  const clientFns: { module: string; fn: string; resource: string }[] = [];
  s.callees.forEach((callee, i) => {
    const mod = `clients/${callee.name}.client`;
    const { text, fns } = clientModule(c, callee, i);
    put(`src/${mod}.ts`, text);
    for (const f of fns) clientFns.push({ module: mod, fn: f.fn, resource: f.resource });
  });

  // publishers
  const pubFns: { module: string; fn: string }[] = [];
  s.publishes.forEach((t, i) => {
    const mod = `events/${t.mech}-${i}.publisher`;
    const { text, fn } = publisherModule(s, t, i);
    put(`src/${mod}.ts`, text);
    pubFns.push({ module: mod, fn });
  });
  // consumers
  s.consumes.forEach((t, i) => {
    const text = consumerModule(s, t, i);
    if (text) put(`src/consumers/${t.mech}-${i}.consumer.ts`, text);
  });
  // data access
  const repoFns: { module: string; fn: string }[] = [];
  if (s.db) {
    const { files, fns } = dataModules(s);
    for (const [rel, text] of Object.entries(files)) put(rel, text);
    repoFns.push(...fns);
  }

  // domain services: one per resource, calling clients, publishers and repositories
  const domainServices: { module: string; cls: string; methods: string[]; resource: string }[] = [];
  for (const r of s.resources) {
    const mod = `domain/${r}.service`;
    const cls = `${pascal(r)}Service`;
    const lines2: string[] = [];
    const used = [...rng.sample(clientFns, 2), ...rng.sample(pubFns, 1), ...rng.sample(repoFns, 1)];
    const importsByModule = new Map<string, string[]>();
    for (const u of used) (importsByModule.get(u.module) ?? importsByModule.set(u.module, []).get(u.module)!).push(u.fn);
    for (const [m, fns] of importsByModule) lines2.push(`import { ${[...new Set(fns)].join(', ')} } from '${relImport(mod, m)}';`);
    const helper = c.ordinary.length ? rng.pick(c.ordinary) : undefined;
    lines2.push('', `/** Business logic for ${r}s. */`, `export class ${cls} {`);
    const methods: string[] = [];
    const ops = ['find', 'list', 'create', 'update', 'remove'];
    for (const op of ops) {
      methods.push(op);
      const arg = op === 'list' ? '' : op === 'create' ? `input: Record<string, unknown>` : `id: string`;
      lines2.push(`  async ${op}(${arg}): Promise<unknown> {`);
      const u = used.length ? used[ops.indexOf(op) % used.length] : undefined;
      if (u && rng.chance(0.8)) {
        const argsOf = (fnName: string): string =>
          /^(get|list|find|fetch|load|query|read|request)/.test(fnName) || fnName.startsWith('grpc') ? `'${op === 'list' ? '1' : 'id'}'` : '{}';
        lines2.push(`    const result = await ${u.fn}(${argsOf(u.fn)});`);
        lines2.push(`    return { ok: true, result, at: Date.now() };`);
      } else {
        lines2.push(`    return { ok: true, op: '${op}', at: Date.now() };`);
      }
      lines2.push(`  }`, '');
    }
    lines2.push('}', '');
    if (helper) lines2.unshift(`import * as helpers from '${relImport(mod, helper)}';`, `void helpers;`);
    put(`src/${mod}.ts`, lines2.join('\n'));
    domainServices.push({ module: mod, cls, methods, resource: r });
  }

  // entry point and handlers by framework
  lines += entryAndHandlers(c, domainServices, put);
  // a class-based publisher from the shared events library (subject per subclass)
  if (rng.chance(0.3) && s.publishes.some((t) => t.mech === 'nats')) {
    const t = s.publishes.find((x) => x.mech === 'nats')!;
    put(
      `src/events/${camel(t.name.replace(/[^a-z0-9]+/gi, '-'))}.publisher.ts`,
      `import { Publisher } from '@bench/events';\n\nexport class ${pascal(s.resources[0]!)}ChangedPublisher extends Publisher<{ id: string }> {\n  subject = '${t.name}';\n}\n\nexport const announce = (id: string) => new ${pascal(s.resources[0]!)}ChangedPublisher().publish({ id });\n`,
    );
  }
  return lines;
}

function clientModule(c: ServiceContext, callee: Svc, i: number): { text: string; fns: { fn: string; resource: string }[] } {
  const { s, rng } = c;
  const urlVar = `config.${camel(callee.name)}Url`;
  const fns: { fn: string; resource: string }[] = [];
  const out: string[] = [];
  if (callee.kind === 'grpc' && callee.grpc) {
    out.push(`import * as grpc from '@grpc/grpc-js';`, `import * as loader from '@grpc/proto-loader';`, `import { config } from '../config';`, '');
    out.push(`const proto: any = grpc.loadPackageDefinition(loader.loadSync('${callee.name}.proto'));`);
    out.push(`const client = new proto.${callee.name.replace(/-/g, '_')}.${callee.grpc.service}(${urlVar}, grpc.credentials.createInsecure());`, '');
    callee.grpc.methods.slice(0, 2).forEach((m, k) => {
      const fn = `grpc${m}`;
      fns.push({ fn, resource: callee.resources[0]! });
      if (k === 0)
        out.push(
          `export function ${fn}(id: string): Promise<unknown> {`,
          `  return new Promise((resolve, reject) => {`,
          `    client.${camel(m)}({ id }, (err: Error | null, reply: unknown) => (err ? reject(err) : resolve(reply)));`,
          `  });`,
          `}`,
          '',
        );
      else
        out.push(
          `export function ${fn}(id: string): void {`,
          `  client.${camel(m)}({ id }, (err: Error | null, reply: unknown) => console.log(err, reply));`,
          `}`,
          '',
        );
    });
    return { text: out.join('\n'), fns };
  }
  if (callee.kind === 'apollo') {
    out.push(
      `import { GraphQLClient, gql } from 'graphql-request';`,
      `import { config } from '../config';`,
      '',
      `const client = new GraphQLClient(${urlVar});`,
    );
    const field = callee.gql[0]!;
    out.push(`const QUERY = gql\`query Get($id: ID!) { ${field}(id: $id) { id name } }\`;`, '');
    out.push(`export async function query${pascal(field)}(id: string): Promise<unknown> {`, `  return client.request(QUERY, { id });`, `}`, '');
    fns.push({ fn: `query${pascal(field)}`, resource: field });
    return { text: out.join('\n'), fns };
  }
  if (callee.kind === 'nest-ms') {
    // NestJS ClientProxy over NATS, registered in a module of this (Nest) service or built by a factory
    out.push(`import { ClientProxyFactory, Transport } from '@nestjs/microservices';`, `import { firstValueFrom } from 'rxjs';`, '');
    out.push(
      `const client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [process.env.NATS_URL ?? 'nats://nats:4222'] } });`,
      '',
    );
    callee.patterns.slice(0, 3).forEach((p, k) => {
      const fn = `${k === 0 ? 'request' : k === 1 ? 'watch' : 'fire'}${pascal(p)}`;
      fns.push({ fn, resource: p.split('.')[0]! });
      if (k === 0) {
        out.push(`export async function ${fn}(id: string): Promise<unknown> {`, `  return firstValueFrom(client.send('${p}', { id }));`, `}`, '');
        if (c.edits.filter((e) => e.kind === 'topic').length < 8) {
          c.edits.push({
            kind: 'topic',
            file: `${c.dir}/src/clients/${callee.name}.client.ts`,
            watch: `${c.dir}/src/clients/${callee.name}.client.ts`,
            find: `client.send('${p}'`,
            replace: `client.send('missing.topic.{n}.x'`,
            marker: 'missing.topic.{n}.x',
          });
        }
      } else if (k === 1)
        out.push(`export function ${fn}(id: string): void {`, `  client.send('${p}', { id }).subscribe((reply) => console.log(reply));`, `}`, '');
      else out.push(`export function ${fn}(id: string): void {`, `  client.send('${p}', { id });`, `}`, '');
    });
    return { text: out.join('\n'), fns };
  }
  if (!callee.endpoints.length) return { text: `export {};\n`, fns };
  // HTTP: the library rotates with the caller and the callee
  const lib = s.kind === 'nest' ? '@nestjs/axios' : s.index === 0 ? 'axios' : HTTP_LIBS[(s.index + i + rng.int(0, 6)) % HTTP_LIBS.length]!;
  const eps = rng.sample(callee.endpoints, Math.min(4, callee.endpoints.length));
  const call = (ep: Endpoint, style: 'sync' | 'async' | 'ff'): string => {
    const url = `\`\${${urlVar}}${ep.path}${ep.example ? ep.example : ''}\``;
    const m = ep.method.toLowerCase();
    switch (lib) {
      case 'axios':
        return style === 'sync'
          ? `(await axios.${m}(${url}${m === 'get' || m === 'delete' ? '' : ', body'}, { timeout: 2500 })).data`
          : style === 'async'
            ? `axios.${m}(${url}).then((r) => console.log(r.status))`
            : `void axios.${m}(${url})`;
      case 'fetch':
        return style === 'sync'
          ? `(await fetch(${url}, { method: '${ep.method}', signal: AbortSignal.timeout(2000) })).json()`
          : style === 'async'
            ? `fetch(${url}, { method: '${ep.method}' }).then((r) => r.ok)`
            : `void fetch(${url}, { method: '${ep.method}' })`;
      case 'got':
        return style === 'sync' ? `await got.${m}(${url}, { timeout: { request: 2000 } }).json()` : `void got.${m}(${url})`;
      case 'ky':
        return style === 'sync' ? `await ky.${m}(${url}, { timeout: 2000 }).json()` : `void ky.${m}(${url})`;
      case 'superagent':
        return style === 'sync' ? `(await superagent.${m === 'delete' ? 'delete' : m}(${url}).timeout(2000)).body` : `void superagent.${m}(${url})`;
      case 'undici':
        return style === 'sync'
          ? `(await request(${url}, { method: '${ep.method}', headersTimeout: 2000 })).body.json()`
          : `void request(${url}, { method: '${ep.method}' })`;
      case 'http-kit':
        return ep.method === 'GET' ? `await getJson(${url})` : `await postJson(${url}, body)`;
      default:
        return style === 'sync'
          ? `await firstValueFrom(this.http.${m}(${url}))`
          : style === 'async'
            ? `this.http.${m}(${url}).subscribe((r) => console.log(r.status))`
            : `this.http.${m}(${url})`;
    }
  };
  const header: Record<string, string> = {
    axios: `import axios from 'axios';`,
    fetch: '',
    got: `import got from 'got';`,
    ky: `import ky from 'ky';`,
    superagent: `import superagent from 'superagent';`,
    undici: `import { request } from 'undici';`,
    'http-kit': `import { getJson, postJson } from '@bench/http-kit';`,
    '@nestjs/axios': `import { Injectable } from '@nestjs/common';\nimport { HttpService } from '@nestjs/axios';\nimport { firstValueFrom } from 'rxjs';`,
  };
  if (header[lib]) out.push(header[lib]!);
  out.push(`import { config } from '../config';`, '');
  const clientFile = `${c.dir}/src/clients/${callee.name}.client.ts`;
  if (lib === '@nestjs/axios') {
    out.push(`@Injectable()`, `export class ${pascal(callee.name)}Client {`, `  constructor(private readonly http: HttpService) {}`, '');
    eps.forEach((ep, k) => {
      const style = k === 2 ? 'async' : k === 3 ? 'ff' : 'sync';
      out.push(`  async call${k}(body: unknown = {}): Promise<unknown> {`, `    void body;`, `    return ${call(ep, style)};`, `  }`, '');
    });
    out.push(`}`, '', `export const ${camel(callee.name)}Client = new ${pascal(callee.name)}Client(undefined as never);`, '');
    eps.forEach((_ep, k) => {
      const fn = `${k === 0 ? 'get' : 'send'}${pascal(callee.name)}${k}`;
      out.push(`export const ${fn} = (arg: unknown) => ${camel(callee.name)}Client.call${k}(arg);`);
      fns.push({ fn, resource: callee.resources[0]! });
    });
    out.push('');
    return { text: out.join('\n'), fns };
  }
  eps.forEach((ep, k) => {
    const style = lib === 'http-kit' ? 'sync' : k === 2 ? 'async' : k === 3 ? 'ff' : 'sync';
    const fn = `${k === 0 ? 'get' : ep.method === 'GET' ? 'load' : 'send'}${pascal(ep.path.split('/').filter(Boolean).pop() ?? 'root')}${k}`;
    fns.push({ fn, resource: ep.path.split('/').filter(Boolean).pop() ?? 'root' });
    if (style === 'sync') {
      out.push(`export async function ${fn}(body: unknown): Promise<unknown> {`, `  void body;`, `  return ${call(ep, style)};`, `}`, '');
      if (k === 0 && (lib === 'axios' || lib === 'fetch') && ep.example && c.edits.filter((e) => e.kind === 'url').length < 8) {
        const literal = `${ep.path}${ep.example}`;
        c.edits.push({
          kind: 'url',
          file: clientFile,
          watch: clientFile,
          find: `}${literal}\``,
          replace: `}/api/missing-{n}-route/${ep.example}\``,
          marker: 'missing-{n}-route',
        });
      }
    } else {
      out.push(`export function ${fn}(body: unknown): void {`, `  void body;`, `  ${call(ep, style)};`, `}`, '');
    }
  });
  return { text: out.join('\n'), fns };
}

function publisherModule(s: Svc, t: Topic, i: number): { text: string; fn: string } {
  const fn = `publish${pascal(t.mech)}${i}`;
  const topic = t.name;
  switch (t.mech) {
    case 'kafka':
      return {
        fn,
        text: `import { Kafka } from 'kafkajs';\n\nconst kafka = new Kafka({ clientId: '${s.name}', brokers: (process.env.KAFKA_BROKERS ?? 'kafka:9092').split(',') });\nconst producer = kafka.producer();\n\nexport async function ${fn}(payload: unknown): Promise<void> {\n  await producer.connect();\n  await producer.send({ topic: '${topic}', messages: [{ key: '${s.name}', value: JSON.stringify(payload) }] });\n}\n`,
      };
    case 'amqp':
      return {
        fn,
        text: `import * as amqp from 'amqplib';\n\nconst EXCHANGE = '${s.name}.events';\nlet channel: amqp.Channel | undefined;\n\nasync function open(): Promise<amqp.Channel> {\n  if (channel) return channel;\n  const conn = await amqp.connect(process.env.AMQP_URL ?? 'amqp://rabbitmq');\n  channel = await conn.createChannel();\n  await channel.assertExchange(EXCHANGE, 'topic');\n  return channel;\n}\n\nexport async function ${fn}(payload: unknown): Promise<void> {\n  const ch = await open();\n  ch.publish(EXCHANGE, '${topic}', Buffer.from(JSON.stringify(payload)));\n}\n`,
      };
    case 'nats':
      return {
        fn,
        text: `import { connect, StringCodec } from 'nats';\n\nconst sc = StringCodec();\n\nexport async function ${fn}(payload: unknown): Promise<void> {\n  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://nats:4222' });\n  nc.publish('${topic}', sc.encode(JSON.stringify(payload)));\n}\n`,
      };
    case 'redis':
      return {
        fn,
        text: `import Redis from 'ioredis';\n\nconst redis = new Redis(process.env.REDIS_URL ?? 'redis://redis:6379');\n\nexport async function ${fn}(payload: unknown): Promise<void> {\n  await redis.publish('${topic}', JSON.stringify(payload));\n  await redis.set('${s.name}:last', Date.now().toString());\n}\n`,
      };
    case 'bullmq':
      return {
        fn,
        text: `import { Queue } from 'bullmq';\n\nconst queue = new Queue('${topic}', { connection: { host: 'redis' } });\n\nexport async function ${fn}(payload: unknown): Promise<void> {\n  await queue.add('job', payload);\n}\n`,
      };
    case 'sqs':
      return {
        fn,
        text: `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\n\nconst sqs = new SQSClient({});\n\nexport async function ${fn}(payload: unknown): Promise<void> {\n  await sqs.send(new SendMessageCommand({ QueueUrl: '${topic}', MessageBody: JSON.stringify(payload) }));\n}\n`,
      };
    case 'pubsub':
      return {
        fn,
        text: `import { PubSub } from '@google-cloud/pubsub';\n\nconst pubsub = new PubSub();\n\nexport async function ${fn}(payload: unknown): Promise<void> {\n  await pubsub.topic('${topic}').publishMessage({ json: payload });\n}\n`,
      };
    default:
      return {
        fn,
        text: `import { ClientProxyFactory, Transport } from '@nestjs/microservices';\n\nconst events = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [process.env.NATS_URL ?? 'nats://nats:4222'] } });\n\nexport async function ${fn}(payload: unknown): Promise<void> {\n  events.emit('${topic}', payload);\n}\n`,
      };
  }
}

function consumerModule(s: Svc, t: Topic, i: number): string | undefined {
  const topic = t.name;
  const handle = `on${pascal(t.mech)}${i}`;
  const tail = `\nfunction ${handle}(raw: unknown): void {\n  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);\n  if (text.length > 1_000_000) throw new Error('message too large');\n  console.log('${s.name} received', text.length);\n}\n`;
  switch (t.mech) {
    case 'kafka':
      return `import { Kafka } from 'kafkajs';\n\nconst kafka = new Kafka({ clientId: '${s.name}', brokers: ['kafka:9092'] });\nconst consumer = kafka.consumer({ groupId: '${s.name}-${i}' });\n\nexport async function start${i}(): Promise<void> {\n  await consumer.connect();\n  await consumer.subscribe({ topic: '${topic}', fromBeginning: false });\n  await consumer.run({ eachMessage: async ({ message }) => ${handle}(message.value?.toString()) });\n}\n${tail}`;
    case 'amqp': {
      const ex = `${t.producer.name}.events`;
      return `import * as amqp from 'amqplib';\n\nconst QUEUE = '${s.name}.${i}';\n\nexport async function start${i}(): Promise<void> {\n  const conn = await amqp.connect(process.env.AMQP_URL ?? 'amqp://rabbitmq');\n  const ch = await conn.createChannel();\n  await ch.assertExchange('${ex}', 'topic');\n  await ch.assertQueue(QUEUE);\n  await ch.bindQueue(QUEUE, '${ex}', '${topic}');\n  await ch.consume(QUEUE, (msg) => ${handle}(msg?.content.toString()));\n}\n${tail}`;
    }
    case 'nats':
      return `import { connect } from 'nats';\n\nexport async function start${i}(): Promise<void> {\n  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://nats:4222' });\n  nc.subscribe('${topic}', { queue: '${s.name}', callback: (_err, msg) => ${handle}(msg.data) });\n}\n${tail}`;
    case 'redis':
      return `import Redis from 'ioredis';\n\nexport async function start${i}(): Promise<void> {\n  const sub = new Redis(process.env.REDIS_URL ?? 'redis://redis:6379');\n  sub.on('message', (_channel, raw) => ${handle}(raw));\n  await sub.subscribe('${topic}');\n}\n${tail}`;
    case 'bullmq':
      return `import { Worker } from 'bullmq';\n\nexport const worker${i} = new Worker('${topic}', async (job) => ${handle}(job.data), { connection: { host: 'redis' } });\n${tail}`;
    case 'sqs':
      return `import { Consumer } from 'sqs-consumer';\n\nConsumer.create({ queueUrl: '${topic}', handleMessage: async (m) => ${handle}(m.Body) }).start();\n${tail}`;
    case 'pubsub':
      return `import { PubSub } from '@google-cloud/pubsub';\n\nconst pubsub = new PubSub();\npubsub.topic('${topic}').subscription('${s.name}-sub-${i}').on('message', (m) => {\n  ${handle}(m.data);\n  m.ack();\n});\n${tail}`;
    default:
      // NestJS events are consumed by @EventPattern handlers in the service's controllers
      return `import { Controller } from '@nestjs/common';\nimport { EventPattern, Payload } from '@nestjs/microservices';\n\n@Controller()\nexport class Events${i}Controller {\n  @EventPattern('${topic}')\n  handle(@Payload() data: unknown): void {\n    ${handle}(data);\n  }\n}\n${tail}`;
  }
}

function dataModules(s: Svc): { files: Record<string, string>; fns: { module: string; fn: string }[] } {
  const db = s.db!;
  const table = db.tables[0]!;
  const cls = pascal(table.replace(/s$/, ''));
  const files: Record<string, string> = {};
  const fns = [
    { module: 'data/repository', fn: `read${cls}` },
    { module: 'data/repository', fn: `write${cls}` },
  ];
  switch (db.orm) {
    case 'prisma':
      files['prisma/schema.prisma'] =
        `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel ${cls} {\n  id     String @id @default(uuid())\n  status String\n  @@map("${table}")\n}\n`;
      files['src/data/repository.ts'] =
        `import { PrismaClient } from '@prisma/client';\n\nconst prisma = new PrismaClient();\n\nexport async function read${cls}(id: string): Promise<unknown> {\n  return prisma.${camel(cls)}.findUnique({ where: { id } });\n}\n\nexport async function write${cls}(data: { status: string }): Promise<unknown> {\n  ${db.owner ? `return prisma.${camel(cls)}.create({ data });` : `return prisma.${camel(cls)}.updateMany({ data, where: {} });`}\n}\n`;
      break;
    case 'typeorm':
      files['src/data/entity.ts'] =
        `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';\n\n@Entity('${table}')\nexport class ${cls} {\n  @PrimaryGeneratedColumn() id!: number;\n  @Column() status!: string;\n}\n`;
      files['src/data/data-source.ts'] =
        `import { DataSource } from 'typeorm';\n\nexport const AppDataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [] });\n`;
      files['src/data/repository.ts'] =
        `import { AppDataSource } from './data-source';\nimport { ${cls} } from './entity';\n\nexport async function read${cls}(id: string): Promise<unknown> {\n  return AppDataSource.getRepository(${cls}).findOneBy({ id: Number(id) });\n}\n\nexport async function write${cls}(data: { status: string }): Promise<unknown> {\n  return AppDataSource.getRepository(${cls}).save(data);\n}\n`;
      break;
    case 'mongoose':
      files['src/data/db.ts'] = `import mongoose from 'mongoose';\n\nexport const connectDb = () => mongoose.connect(process.env.DATABASE_URL!);\n`;
      files['src/data/model.ts'] =
        `import { Schema, model } from 'mongoose';\n\nconst ${cls}Schema = new Schema({ status: String, total: Number }, { collection: '${table}' });\nexport const ${cls} = model('${cls}', ${cls}Schema);\n`;
      files['src/data/repository.ts'] =
        `import { ${cls} } from './model';\n\nexport async function read${cls}(id: string): Promise<unknown> {\n  return ${cls}.findById(id).lean();\n}\n\nexport async function write${cls}(data: { status: string }): Promise<unknown> {\n  return ${cls}.create(data);\n}\n`;
      break;
    case 'sequelize':
      files['src/data/db.ts'] =
        `import { Sequelize, DataTypes } from 'sequelize';\n\nexport const sequelize = new Sequelize(process.env.DATABASE_URL!);\nexport const ${cls} = sequelize.define('${cls}', { status: DataTypes.STRING }, { tableName: '${table}' });\n`;
      files['src/data/repository.ts'] =
        `import { ${cls} } from './db';\n\nexport async function read${cls}(id: string): Promise<unknown> {\n  return ${cls}.findByPk(id);\n}\n\nexport async function write${cls}(data: { status: string }): Promise<unknown> {\n  return ${cls}.create(data);\n}\n`;
      break;
    case 'knex':
      files['src/data/db.ts'] = `import knex from 'knex';\n\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });\n`;
      files['src/data/repository.ts'] =
        `import { db } from './db';\n\nexport async function read${cls}(id: string): Promise<unknown> {\n  return db('${table}').where({ id }).first();\n}\n\nexport async function write${cls}(data: { status: string }): Promise<unknown> {\n  return db('${table}').insert(data);\n}\n`;
      break;
  }
  return { files, fns };
}

/** The entry point and the request handlers of the service's framework; returns the lines written. */
function entryAndHandlers(
  c: ServiceContext,
  domain: { module: string; cls: string; methods: string[]; resource: string }[],
  put: (rel: string, text: string) => void,
): number {
  const { s } = c;
  let lines = 0;
  const out = (rel: string, text: string): void => {
    put(rel, text);
    lines += text.split('\n').length - 1;
  };
  const consumerStarts = s.consumes
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => t.mech === 'kafka' || t.mech === 'amqp' || t.mech === 'nats' || t.mech === 'redis')
    .map(({ t, i }) => ({ module: `./consumers/${t.mech}-${i}.consumer`, fn: `start${i}` }));
  const startImports = consumerStarts.map((x) => `import { ${x.fn} } from '${x.module}';`).join('\n');
  const startCalls = consumerStarts.map((x) => `void ${x.fn}();`).join('\n');
  const routeLine = (router: string, method: string, path: string, svcVar: string, op: string, arg: string): string =>
    `${router}.${method}('${path}', async (req: any, res: any) => res.json(await ${svcVar}.${op}(${arg})));`;
  switch (s.kind) {
    case 'express':
    case 'tsoa': {
      const mounts: string[] = [];
      for (const d of domain) {
        const rel = `routes/${d.resource}.routes`;
        const v = camel(d.cls);
        const body = [
          `import { Router } from 'express';`,
          `import { ${d.cls} } from '../${d.module}';`,
          '',
          `const ${v} = new ${d.cls}();`,
          `export const router = Router();`,
          '',
        ];
        const anchor = `export const router = Router();`;
        for (const ep of s.endpoints.filter((e) => e.path.includes(`/${d.resource}s`))) {
          const sub = ep.path.replace(/^\/api/, '');
          const p = sub.endsWith('/') ? `${sub}:id` : sub;
          const op = ep.method === 'GET' ? (sub.endsWith('/') ? 'find' : 'list') : ep.method === 'POST' ? 'create' : ep.method === 'PUT' ? 'update' : 'remove';
          body.push(routeLine('router', ep.method.toLowerCase(), p, v, op, op === 'list' ? '' : op === 'create' ? 'req.body' : 'req.params.id'));
        }
        body.push('');
        const file = `${c.dir}/src/${rel}.ts`;
        if (s.kind === 'express') c.pendingTargets.push({ svc: s, routesFile: file, anchor, resource: d.resource });
        out(`src/${rel}.ts`, body.join('\n'));
        mounts.push(`import { router as ${camel(d.resource)}Routes } from './${rel}';`);
      }
      // a routes file that the "deleted file" edit removes; a caller elsewhere depends on it
      const extraRel = `routes/extra.routes`;
      out(
        `src/${extraRel}.ts`,
        `import { Router } from 'express';\n\nexport const router = Router();\nrouter.get('/extra/${s.name}', (_req: any, res: any) => res.json({ extra: true }));\n`,
      );
      mounts.push(`import { router as extraRoutes } from './${extraRel}';`);
      const main = [
        `import express from 'express';`,
        ...mounts,
        `import { config } from './config';`,
        startImports,
        '',
        `const app = express();`,
        `app.use(express.json());`,
        ...domain.map((d) => `app.use('/api', ${camel(d.resource)}Routes);`),
        `app.use('/api', extraRoutes);`,
        `app.get('/health', (_req, res) => res.send('ok'));`,
        startCalls,
        `app.listen(config.port);`,
        '',
      ];
      out('src/main.ts', main.filter((l) => l !== undefined).join('\n'));
      if (s.kind === 'tsoa') {
        out(
          `src/controllers/${s.resources[0]}.controller.ts`,
          `import { Controller, Get, Route, Path } from 'tsoa';\n\n@Route('v2/${s.resources[0]}s')\nexport class ${pascal(s.resources[0]!)}Controller extends Controller {\n  @Get('{id}')\n  public async get(@Path() id: string): Promise<unknown> {\n    return { id };\n  }\n}\n`,
        );
      }
      break;
    }
    case 'fastify': {
      const imports = domain.map((d) => `import { ${d.cls} } from './${d.module}';`);
      const routes: string[] = [];
      for (const d of domain) {
        const v = camel(d.cls);
        routes.push(`  const ${v} = new ${d.cls}();`);
        for (const ep of s.endpoints.filter((e) => e.path.includes(`/${d.resource}s`))) {
          const sub = ep.path.replace(/^\/api/, '');
          const p = sub.endsWith('/') ? `${sub}:id` : sub;
          const op = ep.method === 'GET' ? (sub.endsWith('/') ? 'find' : 'list') : ep.method === 'POST' ? 'create' : ep.method === 'PUT' ? 'update' : 'remove';
          routes.push(
            `  fastify.${ep.method.toLowerCase()}('${p}', async (req: any) => ${v}.${op}(${op === 'list' ? '' : op === 'create' ? 'req.body' : 'req.params.id'}));`,
          );
        }
      }
      out(
        'src/routes.ts',
        [
          `import type { FastifyInstance } from 'fastify';`,
          ...imports,
          '',
          `export async function routes(fastify: FastifyInstance): Promise<void> {`,
          ...routes,
          `}`,
          '',
        ].join('\n'),
      );
      out(
        'src/main.ts',
        [
          `import Fastify from 'fastify';`,
          `import { routes } from './routes';`,
          `import { config } from './config';`,
          startImports,
          '',
          `const app = Fastify({ logger: true });`,
          `app.register(routes, { prefix: '/api' });`,
          startCalls,
          `app.listen({ port: config.port, host: '0.0.0.0' });`,
          '',
        ].join('\n'),
      );
      break;
    }
    case 'koa': {
      const imports = domain.map((d) => `import { ${d.cls} } from './${d.module}';`);
      const routes: string[] = [];
      for (const d of domain) {
        const v = camel(d.cls);
        routes.push(`const ${v} = new ${d.cls}();`);
        for (const ep of s.endpoints.filter((e) => e.path.includes(`/${d.resource}s`))) {
          const sub = ep.path.replace(/^\/api/, '');
          const p = sub.endsWith('/') ? `${sub}:id` : sub;
          const op = ep.method === 'GET' ? (sub.endsWith('/') ? 'find' : 'list') : ep.method === 'POST' ? 'create' : ep.method === 'PUT' ? 'update' : 'remove';
          routes.push(
            `router.${ep.method.toLowerCase() === 'delete' ? 'delete' : ep.method.toLowerCase()}('${p}', async (ctx: any) => {\n  ctx.body = await ${v}.${op}(${op === 'list' ? '' : op === 'create' ? 'ctx.request.body' : 'ctx.params.id'});\n});`,
          );
        }
      }
      out(
        'src/main.ts',
        [
          `import Koa from 'koa';`,
          `import Router from '@koa/router';`,
          ...imports,
          `import { config } from './config';`,
          startImports,
          '',
          `const app = new Koa();`,
          `const router = new Router({ prefix: '/api' });`,
          ...routes,
          `app.use(router.routes());`,
          startCalls,
          `app.listen(config.port);`,
          '',
        ].join('\n'),
      );
      break;
    }
    case 'hono': {
      const imports = domain.map((d) => `import { ${d.cls} } from './${d.module}';`);
      const routes: string[] = [];
      for (const d of domain) {
        const v = camel(d.cls);
        routes.push(`const ${v} = new ${d.cls}();`);
        for (const ep of s.endpoints.filter((e) => e.path.includes(`/${d.resource}s`))) {
          const sub = ep.path.replace(/^\/api/, '');
          const p = sub.endsWith('/') ? `${sub}:id` : sub;
          const op = ep.method === 'GET' ? (sub.endsWith('/') ? 'find' : 'list') : ep.method === 'POST' ? 'create' : ep.method === 'PUT' ? 'update' : 'remove';
          routes.push(
            `api.${ep.method.toLowerCase()}('${p}', async (c) => c.json(await ${v}.${op}(${op === 'list' ? '' : op === 'create' ? 'await c.req.json()' : "c.req.param('id')"})));`,
          );
        }
      }
      out(
        'src/main.ts',
        [
          `import { Hono } from 'hono';`,
          `import { serve } from '@hono/node-server';`,
          ...imports,
          `import { config } from './config';`,
          startImports,
          '',
          `const app = new Hono();`,
          `const api = new Hono();`,
          ...routes,
          `app.route('/api', api);`,
          startCalls,
          `serve({ fetch: app.fetch, port: config.port });`,
          `app.get('/health', (c) => c.text('ok'));`,
          `export default app;`,
          '',
        ].join('\n'),
      );
      break;
    }
    case 'nest':
    case 'nest-ms': {
      const ms = s.kind === 'nest-ms';
      const controllers: string[] = [];
      for (const d of domain) {
        const ctrl = `${pascal(d.resource)}Controller`;
        const body: string[] = [
          `import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';`,
          `import { MessagePattern, Payload } from '@nestjs/microservices';`,
          `import { ${d.cls} } from '../${d.module}';`,
          '',
        ];
        body.push(`@Controller('${ms ? '' : `${d.resource}s`}')`, `export class ${ctrl} {`, `  constructor(private readonly service: ${d.cls}) {}`, '');
        if (ms) {
          for (const p of s.patterns.filter((x) => x.startsWith(`${d.resource}.`))) {
            const op = p.endsWith('.get') ? 'find' : p.endsWith('.list') ? 'list' : 'update';
            body.push(
              `  @MessagePattern('${p}')`,
              `  ${camel(p)}(@Payload() data: { id: string }) {`,
              `    return this.service.${op}(${op === 'list' ? '' : 'data.id'});`,
              `  }`,
              '',
            );
          }
        } else {
          for (const ep of s.endpoints.filter((e) => e.path.includes(`/${d.resource}s`))) {
            const sub = ep.path.replace(/^\/api\/[a-z]+s/, '');
            const route = sub === '/' ? `':id'` : '';
            const op = ep.method === 'GET' ? (sub === '/' ? 'find' : 'list') : ep.method === 'POST' ? 'create' : ep.method === 'PUT' ? 'update' : 'remove';
            const dec = pascal(ep.method.toLowerCase());
            body.push(
              `  @${dec}(${route})`,
              `  ${op}${dec}(${op === 'list' ? '' : op === 'create' ? '@Body() body: Record<string, unknown>' : "@Param('id') id: string"}) {`,
              `    return this.service.${op}(${op === 'list' ? '' : op === 'create' ? 'body' : 'id'});`,
              `  }`,
              '',
            );
          }
        }
        body.push('}', '');
        out(`src/controllers/${d.resource}.controller.ts`, body.join('\n'));
        controllers.push(ctrl);
      }
      const nestClients = s.callees.filter((x) => x.kind !== 'grpc' && x.kind !== 'apollo' && x.kind !== 'nest-ms' && x.endpoints.length);
      out(
        'src/app.module.ts',
        [
          `import { Module } from '@nestjs/common';`,
          `import { HttpModule } from '@nestjs/axios';`,
          `import { ClientsModule, Transport } from '@nestjs/microservices';`,
          ...domain.map((d) => `import { ${d.cls} } from './${d.module}';`),
          ...domain.map((d) => `import { ${pascal(d.resource)}Controller } from './controllers/${d.resource}.controller';`),
          ...nestClients.map((x) => `import { ${pascal(x.name)}Client } from './clients/${x.name}.client';`),
          '',
          `@Module({`,
          `  imports: [HttpModule.register({ timeout: 3000 }), ClientsModule.register([{ name: 'EVENTS', transport: Transport.NATS, options: { servers: ['nats://nats:4222'] } }])],`,
          `  controllers: [${controllers.join(', ')}],`,
          `  providers: [${[...domain.map((d) => d.cls), ...nestClients.map((x) => `${pascal(x.name)}Client`)].join(', ')}],`,
          `})`,
          `export class AppModule {}`,
          '',
        ].join('\n'),
      );
      out(
        'src/main.ts',
        ms
          ? [
              `import { NestFactory } from '@nestjs/core';`,
              `import { Transport } from '@nestjs/microservices';`,
              `import { AppModule } from './app.module';`,
              startImports,
              '',
              `async function bootstrap() {`,
              `  const app = await NestFactory.createMicroservice(AppModule, { transport: Transport.NATS, options: { servers: [process.env.NATS_URL ?? 'nats://nats:4222'] } });`,
              `  await app.listen();`,
              `}`,
              startCalls,
              `void bootstrap();`,
              '',
            ].join('\n')
          : [
              `import { NestFactory } from '@nestjs/core';`,
              `import { AppModule } from './app.module';`,
              `import { config } from './config';`,
              startImports,
              '',
              `async function bootstrap() {`,
              `  const app = await NestFactory.create(AppModule);`,
              `  app.setGlobalPrefix('api');`,
              `  await app.listen(config.port);`,
              `}`,
              startCalls,
              `void bootstrap();`,
              '',
            ].join('\n'),
      );
      break;
    }
    case 'grpc': {
      const g = s.grpc!;
      const pkgName = s.name.replace(/-/g, '_');
      c.write(
        `${c.dir}/${s.name}.proto`,
        `syntax = "proto3";\npackage ${pkgName};\nservice ${g.service} {\n${g.methods.map((m) => `  rpc ${m} (Req) returns (Reply);`).join('\n')}\n}\nmessage Req { string id = 1; }\nmessage Reply { string json = 1; }\n`,
      );
      const handlers = g.methods.map(
        (m, k) =>
          `  ${camel(m)}: (call: any, cb: any) => ${camel(domain[k % domain.length]!.cls)}.${k % 2 ? 'list' : 'find'}(call.request.id).then((r) => cb(null, { json: JSON.stringify(r) }), cb),`,
      );
      out(
        'src/main.ts',
        [
          `import * as grpc from '@grpc/grpc-js';`,
          `import * as loader from '@grpc/proto-loader';`,
          ...domain.map((d) => `import { ${d.cls} } from './${d.module}';`),
          startImports,
          '',
          ...domain.map((d) => `const ${camel(d.cls)} = new ${d.cls}();`),
          `const proto: any = grpc.loadPackageDefinition(loader.loadSync('${s.name}.proto'));`,
          `const server = new grpc.Server();`,
          `server.addService(proto.${pkgName}.${g.service}.service, {`,
          ...handlers,
          `});`,
          startCalls,
          `server.bindAsync('0.0.0.0:${50000 + s.index}', grpc.ServerCredentials.createInsecure(), () => server.start());`,
          '',
        ].join('\n'),
      );
      break;
    }
    case 'next': {
      for (const d of domain) {
        out(
          `pages/api/${d.resource}s/[id].ts`,
          `import { ${d.cls} } from '../../../src/${d.module}';\n\nconst service = new ${d.cls}();\n\nexport default async function handler(req: any, res: any) {\n  res.status(200).json(await service.find(String(req.query.id)));\n}\n`,
        );
        out(
          `app/api/${d.resource}s/route.ts`,
          `import { ${d.cls} } from '../../../src/${d.module}';\n\nconst service = new ${d.cls}();\n\nexport async function GET() {\n  return Response.json(await service.list());\n}\n\nexport async function POST(req: Request) {\n  return Response.json(await service.create(await req.json()));\n}\n`,
        );
      }
      // Next.js route paths: callers use /api/<resource>s/<id> and /api/<resource>s
      s.endpoints = s.resources.flatMap((r) => [
        { method: 'GET', path: `/api/${r}s/`, example: '42' },
        { method: 'GET', path: `/api/${r}s`, example: '' },
        { method: 'POST', path: `/api/${r}s`, example: '' },
      ]);
      break;
    }
    case 'apollo': {
      const resolvers = s.gql.map(
        (f, k) =>
          `    ${f}: (_: unknown, args: { id?: string }) => ${camel(domain[k % domain.length]!.cls)}.${k % 2 ? 'list' : 'find'}(${k % 2 ? '' : "args.id ?? ''"}),`,
      );
      out(
        'src/main.ts',
        [
          `import { ApolloServer } from '@apollo/server';`,
          `import { startStandaloneServer } from '@apollo/server/standalone';`,
          ...domain.map((d) => `import { ${d.cls} } from './${d.module}';`),
          startImports,
          '',
          ...domain.map((d) => `const ${camel(d.cls)} = new ${d.cls}();`),
          `const typeDefs = \`type Query { ${s.gql.map((f, k) => (k % 2 ? `${f}: [Item]` : `${f}(id: ID!): Item`)).join(', ')} } type Item { id: ID!, name: String }\`;`,
          `const resolvers = {`,
          `  Query: {`,
          ...resolvers,
          `  },`,
          `};`,
          `const server = new ApolloServer({ typeDefs, resolvers });`,
          startCalls,
          `startStandaloneServer(server, { listen: { port: ${s.port} } });`,
          '',
        ].join('\n'),
      );
      break;
    }
    case 'worker': {
      out(
        'src/main.ts',
        [
          `import express from 'express';`,
          ...domain.map((d) => `import { ${d.cls} } from './${d.module}';`),
          startImports,
          '',
          ...domain.map((d) => `export const ${camel(d.cls)} = new ${d.cls}();`),
          startCalls,
          `// a tiny health endpoint so orchestration can probe the worker`,
          `express().get('/health', (_req, res) => res.send('ok')).listen(${s.port});`,
          '',
        ].join('\n'),
      );
      break;
    }
  }
  return lines;
}

// ------------------------------------------------------------------ command line

function parseLines(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text}`);
  return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === 'm' ? 1_000_000 : m[2]?.toLowerCase() === 'k' ? 1000 : 1));
}

/** `10k` → 10000, `1m` → 1000000. */
export { parseLines };

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const args = process.argv.slice(2);
  const get = (k: string): string | undefined => {
    const i = args.indexOf(k);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const started = Date.now();
  const g = generate({ lines: parseLines(get('--lines') ?? '10k'), seed: Number(get('--seed') ?? 1), ...(get('--out') ? { out: get('--out')! } : {}) });
  console.log(
    JSON.stringify({
      root: g.root,
      lines: g.lines,
      testLines: g.testLines,
      files: g.sources.length,
      services: g.services.length,
      edits: g.edits.length,
      millis: Date.now() - started,
    }),
  );
}
