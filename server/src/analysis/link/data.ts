/**
 * Common data: groups every service's data accesses by the store they touch (a table, collection,
 * key space, bucket or file, in one database) and reports each store that more than one service
 * touches: one `common-data` interaction per access site, with who reads, who writes and, when the
 * code tells, which service owns the store (it migrates, declares or alone inserts into it).
 *
 * A store's identity is its name in its database. The database comes from connection settings
 * (a URL or host/database resolved through the service's environment). When the database cannot be
 * told, two accesses count as one store only when they go through the same declaration (one shared
 * entity, model or Prisma schema): equal names alone are too weak, since services with their own
 * databases routinely use the same table names.
 */
import * as path from 'node:path';
import { looksLikeSql, readSql } from '../detectors/data/sql-text';
import type { CallFact, DatabaseFact, DataKind, DataOp, FileFacts, SchemaFact, Sym } from '../facts';
import type { Endpoint, Interaction } from '../model';
import type { ServiceInfo } from '../workspace/services';
import { type Program, UNKNOWN } from './program';

type Family = 'sql' | 'mongo' | 'redis' | 's3' | 'fs' | 'dynamodb';

const FAMILY_OF_KIND: Record<DataKind, Family> = { table: 'sql', collection: 'mongo', keyspace: 'redis', bucket: 's3', file: 'fs' };

/** A declaration of a store (entity, model, table definition, migration) with the services it belongs to. */
interface Decl {
  file: string;
  fact: SchemaFact;
  services: string[];
  key: string;
  family: Family;
  /** Store name as declared (`billing.invoices` keeps its schema). */
  name?: string;
}

/** A database as far as it can be told. */
interface Db {
  engine: string;
  /** Identity text when the database is known (host, port, database, schema). */
  key?: string;
  database?: string;
  schema?: string;
}

/** One access of one service to one store. */
interface Access {
  service: string;
  file: string;
  call: CallFact;
  library: string;
  family: Family;
  /** Normalised store name (the grouping key within a database). */
  name: string;
  /** The name as written, for display. */
  shown: string;
  schema?: string;
  op: DataOp;
  decl?: Decl;
  db?: Db;
}

/** A store some service touches, shared or not (for inventories and for checking the linking). */
export interface DataStoreSummary {
  store: string;
  services: string[];
  reads: number;
  writes: number;
  owner?: string;
  shared: boolean;
}

/** What common-data linking adds to the model. */
export interface LinkedData {
  endpoints: Endpoint[];
  interactions: Interaction[];
  /** Every store found, with the services that touch it. */
  stores: DataStoreSummary[];
}

/** Key spaces too generic to tell one Redis from another by name alone. */
const GENERIC_KEYSPACE =
  /^(cache|caches|lock|locks|mutex|tmp|temp|rate|ratelimit|rate-limit|rl|throttle|health|healthcheck|test|config|settings|idempotency|idem|job|jobs|queue|bull|counter|counters)([:._-]|$)/i;

/** Libraries whose accesses name their own declarations only. */
const STRICT_LIBRARIES = new Set(['drizzle', 'typeorm', 'mongoose']);

const SQL_ENGINES =
  /^(postgres|postgresql|pg|mysql|mysql2|mariadb|sqlite|sqlite3|better-sqlite3|mssql|sqlserver|tedious|oracle|oracledb|cockroachdb|cockroach|aurora-postgres|aurora-mysql|redshift)$/i;

function normEngine(engine: string | undefined): string | undefined {
  if (!engine) return undefined;
  const e = engine.toLowerCase();
  if (/^(postgres|postgresql|pg|cockroach|cockroachdb|aurora-postgres|redshift|postgres\.js)$/.test(e)) return 'postgres';
  if (/^(mysql|mysql2|mariadb|aurora-mysql)$/.test(e)) return 'mysql';
  if (/^(sqlite|sqlite3|better-sqlite3|file)$/.test(e)) return 'sqlite';
  if (/^(mssql|sqlserver|tedious)$/.test(e)) return 'mssql';
  if (/^(mongodb|mongodb\+srv|mongo|mongoose)$/.test(e)) return 'mongodb';
  if (/^(redis|rediss|ioredis|valkey)$/.test(e)) return 'redis';
  return e;
}

function familyOfEngine(engine: string | undefined): Family | undefined {
  if (!engine) return undefined;
  if (engine === 'mongodb') return 'mongo';
  if (engine === 'redis') return 'redis';
  if (SQL_ENGINES.test(engine) || ['postgres', 'mysql', 'sqlite', 'mssql'].includes(engine)) return 'sql';
  return undefined;
}

const LIBRARY_FAMILY: Record<string, Family> = {
  prisma: 'sql',
  typeorm: 'sql',
  sequelize: 'sql',
  knex: 'sql',
  drizzle: 'sql',
  pg: 'sql',
  'pg-promise': 'sql',
  postgres: 'sql',
  mysql: 'sql',
  mysql2: 'sql',
  'better-sqlite3': 'sql',
  sqlite3: 'sql',
  mssql: 'sql',
  objection: 'sql',
  mongoose: 'mongo',
  mongodb: 'mongo',
  redis: 'redis',
  ioredis: 'redis',
};

function familyOfDatabase(f: DatabaseFact): Family | undefined {
  return familyOfEngine(normEngine(f.engine)) ?? LIBRARY_FAMILY[f.library];
}

const DEFAULT_PORT: Record<string, string> = { postgres: '5432', mysql: '3306', mongodb: '27017', redis: '6379', mssql: '1433' };
const LOCAL = new Set(['localhost', '127.0.0.1', '0.0.0.0', 'host.docker.internal', '[::1]', '::1']);

/** Environment variables that conventionally hold a connection URL, per family. */
const CONVENTIONAL_ENV: Record<Family, string[]> = {
  sql: ['DATABASE_URL', 'DB_URL', 'POSTGRES_URL', 'POSTGRESQL_URL', 'PG_URL', 'MYSQL_URL', 'DB_CONNECTION_STRING'],
  mongo: ['MONGO_URI', 'MONGODB_URI', 'MONGO_URL', 'MONGODB_URL', 'MONGO_DSN', 'MONGO_CONNECTION_STRING', 'MONGODB_CONNECTION_STRING'],
  redis: ['REDIS_URL', 'REDIS_URI'],
  s3: [],
  fs: [],
  dynamodb: [],
};

/** Parts of a connection URL; parts that could not be read hold UNKNOWN. */
interface UrlParts {
  engine?: string;
  host?: string;
  port?: string;
  database?: string;
  schema?: string;
}

/** Reads `scheme://user:pass@host:port/db?schema=x` (and `file:` SQLite paths). */
export function parseDbUrl(text: string): UrlParts {
  const t = text.trim();
  if (/^file:/i.test(t)) return { engine: 'sqlite', host: '', database: t.slice(5) };
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^/?#]*)(?:\/([^?#]*))?(?:\?([^#]*))?/i.exec(t);
  if (!m) return {};
  const out: UrlParts = {};
  const engine = normEngine(m[1]!.replace(/\+srv$/i, ''));
  if (engine) out.engine = engine;
  const first = m[2]!.split(',')[0]!;
  const hp = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(first);
  if (hp) {
    out.host = hp[1]!.toLowerCase();
    if (hp[2]) out.port = hp[2];
  }
  if (m[3] !== undefined && m[3] !== '') out.database = decodeURIComponent(m[3].split('/')[0]!);
  const q = new URLSearchParams(m[4] ?? '');
  const schema = q.get('schema') ?? q.get('currentSchema') ?? /search_path=(\w+)/.exec(q.get('options') ?? '')?.[1];
  if (schema) out.schema = schema;
  const dbName = q.get('dbName') ?? q.get('database');
  if (dbName) out.database = dbName;
  return out;
}

/** Links the data accesses of every service into common-data interactions. */
export function linkData(program: Program): LinkedData {
  const linker = new DataLinker(program);
  return linker.link();
}

class DataLinker {
  private readonly decls: Decl[] = [];
  private readonly bySymbol = new Map<string, Decl>();
  private readonly byModel = new Map<string, Decl[]>();
  private readonly byPrismaAccessor = new Map<string, Decl[]>();
  private readonly byStore = new Map<string, Decl[]>();
  private readonly declsByFile = new Map<string, Decl[]>();
  /** Database configurations per service, with the file that configures them. */
  private readonly databases = new Map<string, { file: string; fact: DatabaseFact }[]>();
  private readonly databaseById = new Map<string, { file: string; fact: DatabaseFact }>();
  private readonly prismaSources: { file: string; fact: DatabaseFact }[] = [];

  constructor(private readonly program: Program) {
    for (const f of sorted(program)) {
      for (const s of f.schemas ?? []) this.addDecl(f, s);
      for (const d of f.databases ?? []) {
        if (d.library === 'prisma' && f.file.endsWith('.prisma')) {
          this.prismaSources.push({ file: f.file, fact: d });
          continue;
        }
        if (d.id) this.databaseById.set(d.id, { file: f.file, fact: d });
        for (const svc of this.servicesOf(f.file)) (this.databases.get(svc) ?? this.databases.set(svc, []).get(svc)!).push({ file: f.file, fact: d });
      }
    }
  }

  /**
   * The services a file belongs to: schema and migration files by folder, code by who reaches it.
   * Shared code counts for a service only when the service imports something the file declares
   * (following named imports through barrels): a service that takes a DTO from a library's index
   * does not thereby reach the library's repositories, and for data that difference would invent
   * sharing where there is none.
   */
  private servicesOf(file: string): string[] {
    const owner = this.program.ownerOf(file);
    if (owner) return [owner];
    if (/\.(prisma|sql)$/.test(file)) return [];
    const cached = this.reach.get(file);
    if (cached) return cached;
    const importers = this.preciseImporters();
    const found = new Set<string>();
    const seen = new Set<string>([file]);
    const queue = [file];
    while (queue.length) {
      const f = queue.shift()!;
      for (const imp of importers.get(f) ?? []) {
        if (seen.has(imp)) continue;
        seen.add(imp);
        const o = this.program.ownerOf(imp);
        if (o) found.add(o);
        else queue.push(imp);
      }
    }
    const out = [...found].sort();
    this.reach.set(file, out);
    return out;
  }

  private readonly reach = new Map<string, string[]>();
  private importers?: Map<string, Set<string>>;

  /** file → files that import something it declares (named imports resolved through re-exports). */
  private preciseImporters(): Map<string, Set<string>> {
    if (this.importers) return this.importers;
    const out = new Map<string, Set<string>>();
    const add = (target: string, from: string): void => {
      if (target !== from) (out.get(target) ?? out.set(target, new Set()).get(target)!).add(from);
    };
    for (const f of this.program.facts.values()) {
      for (const imp of Object.values(f.imports)) {
        const target = this.program.modules.resolve(f.file, imp.module);
        if (!target) continue;
        add(target, f.file);
        if (imp.name === '*') {
          // a namespace or side-effect import reaches everything the module re-exports
          const stack = [target];
          const seen = new Set(stack);
          while (stack.length) {
            const m = stack.pop()!;
            for (const r of this.program.facts.get(m)?.reexports ?? []) {
              const t = this.program.modules.resolve(m, r.module);
              if (t && !seen.has(t)) {
                seen.add(t);
                add(t, f.file);
                stack.push(t);
              }
            }
          }
        } else {
          const hit = this.program.resolveExport(target, imp.name);
          if (hit) add(hit.file, f.file);
        }
      }
    }
    this.importers = out;
    return out;
  }

  private addDecl(f: FileFacts, s: SchemaFact): void {
    const family = FAMILY_OF_KIND[s.kind];
    const name = s.store ? this.program.resolve(s.store, f.file, {}).text : undefined;
    const key = `${f.file}#${s.symbol ?? s.model ?? name ?? '?'}`;
    const decl: Decl = { file: f.file, fact: s, services: this.servicesOf(f.file), key, family, ...(name && !name.includes(UNKNOWN) ? { name } : {}) };
    this.decls.push(decl);
    (this.declsByFile.get(f.file) ?? this.declsByFile.set(f.file, []).get(f.file)!).push(decl);
    if (s.symbol) this.bySymbol.set(`${f.file}#${s.symbol}`, decl);
    if (s.model) {
      (this.byModel.get(s.model) ?? this.byModel.set(s.model, []).get(s.model)!).push(decl);
      if (s.library === 'prisma') {
        const acc = s.model.charAt(0).toLowerCase() + s.model.slice(1);
        (this.byPrismaAccessor.get(acc) ?? this.byPrismaAccessor.set(acc, []).get(acc)!).push(decl);
      }
    }
    if (decl.name) {
      const k = storeKey(family, splitSchema(family, decl.name).name);
      (this.byStore.get(k) ?? this.byStore.set(k, []).get(k)!).push(decl);
    }
  }

  link(): LinkedData {
    const accesses: Access[] = [];
    for (const f of sorted(this.program)) {
      for (const call of f.calls) {
        if (call.mechanism !== 'data' || !call.data) continue;
        if (call.data.via === 'this-field') {
          accesses.push(...this.baseClassAccesses(f, call));
          continue;
        }
        for (const svc of this.servicesOf(f.file)) {
          const info = this.program.service(svc);
          if (!info) continue;
          accesses.push(...this.accessesOf(f, call, info));
        }
      }
    }
    accesses.push(...this.grantAccesses(accesses));
    return this.group(accesses);
  }

  /**
   * Access declared by infrastructure (`table.grantReadWriteData(fn)`, SAM policies, IAM
   * statements), at the place it is declared: only for a service whose code shows no access to that
   * store (the code's own calls are the better place), read or write from the kind of grant.
   */
  private grantAccesses(code: readonly Access[]): Access[] {
    const infra = this.program.infra;
    if (!infra.grants.length) return [];
    const fns = new Map(infra.functions.map((f) => [f.key, f]));
    const seen = new Set(code.map((a) => `${a.service}|${a.family}|${a.name}`));
    const out: Access[] = [];
    for (const g of infra.grants) {
      const service = fns.get(g.fn)?.service;
      if (!service) continue;
      const family: Family = g.kind === 'table' ? 'dynamodb' : 's3';
      const named = this.normalise(family, g.store);
      if (!named) continue;
      const key = `${service}|${family}|${named.name}|${g.op}`;
      if (seen.has(`${service}|${family}|${named.name}`) || seen.has(key)) continue;
      seen.add(key);
      const op: DataOp = g.op === 'read' ? 'read' : 'update';
      const call: CallFact = {
        mechanism: 'data',
        library: 'infrastructure',
        role: op === 'read' ? 'data-read' : 'data-write',
        style: 'common-data',
        line: g.line,
        column: g.column,
        endLine: g.line,
        endColumn: g.column,
        function: `${g.file}#<module>`,
        traits: {},
        store: { k: 'lit', v: g.store },
        data: { kind: g.kind, via: 'name', op },
      };
      out.push({ service, file: g.file, call, library: 'infrastructure', family, ...named, op });
    }
    return out;
  }

  // ------------------------------------------------------------ one access

  /**
   * An access through `this.<field>` of a generic base class: one per subclass, whose injected
   * model or repository (`@InjectModel(X.name)`, `@InjectRepository(X)`) says which store it is;
   * the access counts for the services that reach the subclass.
   */
  private baseClassAccesses(f: FileFacts, call: CallFact): Access[] {
    const data = call.data!;
    const cls = f.classes.find((c) => c.name === data.className);
    const field = cls?.fields[literalOf(call.store) ?? ''];
    if (!cls || !field) return [];
    const out: Access[] = [];
    for (const sub of this.program.subclassesOf(f.file, cls)) {
      const injected = Object.values(sub.cls.fields).filter((x) => x.token && x.type === field.type);
      const token = injected.length === 1 ? injected[0]!.token! : undefined;
      if (!token) continue;
      let decl: Decl | undefined;
      const services = this.servicesOf(sub.file);
      if (token.k === 'lit') decl = this.pick(this.byModel.get(token.v) ?? [], services[0] ?? '');
      else if (token.k === 'ref' && (token.path.length === 0 || (token.path.length === 1 && token.path[0] === 'name')))
        decl = this.symbolDecl(sub.file, token.name, token.module, 0);
      if (!decl?.name) continue;
      if (STRICT_LIBRARIES.has(call.library) && decl.fact.library !== call.library) continue;
      const named = this.normalise(decl.family, decl.name);
      if (!named) continue;
      for (const svc of services) {
        const info = this.program.service(svc);
        if (!info) continue;
        const db = this.dbFor(sub.file, call, info, decl.family, decl);
        const library = call.library === 'model' ? decl.fact.library : call.library;
        out.push({ service: svc, file: f.file, call, library, family: decl.family, ...named, op: data.op, decl, ...(db ? { db } : {}) });
      }
    }
    return out;
  }

  private accessesOf(f: FileFacts, call: CallFact, svc: ServiceInfo): Access[] {
    const data = call.data!;
    const base = { service: svc.name, file: f.file, call };
    if (data.via === 'sql') {
      const text = this.program.resolve(call.store, f.file, svc.env).text;
      if (!looksLikeSql(text)) return [];
      const out: Access[] = [];
      const db = this.dbFor(f.file, call, svc, 'sql', undefined);
      for (const t of readSql(text).tables) {
        const name = t.name.toLowerCase();
        out.push({
          ...base,
          library: call.library,
          family: 'sql',
          name,
          shown: t.name,
          ...(t.schema ? { schema: t.schema } : {}),
          op: t.op,
          ...(db ? { db } : {}),
        });
      }
      return out;
    }
    let decl: Decl | undefined;
    if (data.via === 'prisma-model') decl = this.pick(this.byPrismaAccessor.get(literalOf(call.store) ?? '') ?? [], svc.name);
    else if (data.via === 'model-name') decl = this.pick(this.byModel.get(literalOf(call.store) ?? '') ?? [], svc.name);
    else if (data.via === 'symbol') decl = this.symbolDecl(f.file, literalOf(call.store) ?? '', data.module, 0);
    // a library's own accesses only reach its own declarations (drizzle's `update(x)` is not TypeORM's)
    if (decl && STRICT_LIBRARIES.has(call.library) && decl.fact.library !== call.library) return [];
    if (data.via !== 'name' && !decl?.name) return [];
    const family = decl ? decl.family : isDynamo(call.library, data.kind) ? 'dynamodb' : FAMILY_OF_KIND[data.kind];
    const library = decl && (call.library === 'model' || call.library === '') ? decl.fact.library : call.library;
    let text: string;
    if (decl) text = decl.name!;
    else {
      const r = this.program.resolve(call.store, f.file, svc.env);
      text = r.text;
      // a table name the code does not show (a field set by a factory): the one table the infrastructure hands the service
      if (family === 'dynamodb' && text.includes(UNKNOWN)) text = this.onlyTableOf(svc) ?? text;
      if (family === 'fs' && !r.complete) text = this.program.resolve(call.store, f.file, placeholderEnv(svc.env)).text;
    }
    const named = this.normalise(family, text);
    if (!named) return [];
    const db = family === 's3' || family === 'fs' || family === 'dynamodb' ? undefined : this.dbFor(f.file, call, svc, family, decl);
    return [{ ...base, library, family, ...named, op: data.op, ...(decl ? { decl } : {}), ...(db ? { db } : {}) }];
  }

  /** The single DynamoDB table the infrastructure gives a service (in its environment or by grants), if just one. */
  private onlyTableOf(svc: ServiceInfo): string | undefined {
    const infra = this.program.infra;
    const tables = new Set(infra.resources.filter((r) => r.kind === 'table').map((r) => r.name));
    const given = new Set<string>();
    for (const fn of infra.functions) {
      if (fn.service !== svc.name) continue;
      for (const v of Object.values(fn.env)) if (tables.has(v)) given.add(v);
      for (const g of infra.grants) if (g.fn === fn.key && g.kind === 'table') given.add(g.store);
    }
    return given.size === 1 ? [...given][0] : undefined;
  }

  /** A store name as the grouping key, or undefined when too little of it is known. */
  private normalise(family: Family, text: string): { name: string; shown: string; schema?: string } | undefined {
    switch (family) {
      case 'sql': {
        if (text.includes(UNKNOWN)) return undefined;
        const { name, schema } = splitSchema(family, text);
        return { name: name.toLowerCase(), shown: name, ...(schema ? { schema } : {}) };
      }
      case 'mongo':
        return text && !text.includes(UNKNOWN) ? { name: text, shown: text } : undefined;
      case 'redis': {
        // a key space: the key with unknown parts as `*`; it needs a literal prefix to mean anything
        const pattern = text.replace(/\u0000+/g, '*');
        if (!/^[^*]{2,}/.test(pattern) || /^[*:_.-]/.test(pattern)) return undefined;
        return { name: pattern, shown: pattern };
      }
      case 's3':
      case 'dynamodb':
        return text && !text.includes(UNKNOWN) ? { name: text.replace(/^arn:aws:(s3|dynamodb):[^:]*:[^:]*:(table\/)?/, ''), shown: text } : undefined;
      case 'fs': {
        const first = text.indexOf(UNKNOWN);
        let p = text;
        if (first >= 0) {
          const dir = text.slice(0, first).replace(/[^/]*$/, '');
          if (!dir) return undefined;
          p = `${dir}*`;
        }
        if (!p.startsWith('/') && !p.startsWith('<')) return undefined;
        const norm = path.posix.normalize(p);
        return { name: norm, shown: norm };
      }
    }
  }

  private pick(cands: Decl[], svc: string): Decl | undefined {
    if (!cands.length) return undefined;
    const own = cands.filter((d) => d.services.includes(svc));
    if (own.length) return own[0];
    const shared = cands.filter((d) => d.services.length === 0);
    if (shared.length) return shared[0];
    return cands.length === 1 ? cands[0] : undefined;
  }

  /** The declaration a symbol (class, variable) names, following imports and repository aliases. */
  private symbolDecl(file: string, name: string, module: string | undefined, depth: number): Decl | undefined {
    if (depth > 4 || !name) return undefined;
    let declFile = file;
    let local = name;
    if (module !== undefined) {
      const target = this.program.modules.resolve(file, module);
      if (!target) return undefined;
      const hit = this.program.resolveExport(target, name === '*' ? 'default' : name);
      if (hit) {
        declFile = hit.file;
        local = hit.local;
      } else {
        declFile = target;
      }
    }
    let decl = this.bySymbol.get(`${declFile}#${local}`);
    if (!decl && (name === 'default' || name === '*' || local === '<default>')) {
      const inFile = (this.declsByFile.get(declFile) ?? []).filter((d) => d.fact.symbol);
      decl = this.bySymbol.get(`${declFile}#<default>`) ?? (inFile.length === 1 ? inFile[0] : undefined);
    }
    if (decl?.fact.aliasOf) return this.symbolDecl(decl.file, decl.fact.aliasOf.name, decl.fact.aliasOf.module, depth + 1);
    return decl;
  }

  // ------------------------------------------------------------ databases

  private dbFor(file: string, call: CallFact, svc: ServiceInfo, family: Family, decl: Decl | undefined): Db | undefined {
    if (decl?.fact.library === 'prisma') return this.prismaDb(decl.file, svc);
    if (call.library === 'prisma') {
      const own = this.prismaSources.filter((p) => this.program.ownerOf(p.file) === svc.name);
      const pool = own.length ? own : this.prismaSources.filter((p) => !this.program.ownerOf(p.file));
      return this.single(pool.map((p) => this.resolveDb(p.fact, p.file, svc, family)));
    }
    if (call.data?.connection) {
      const hit = this.databaseById.get(call.data.connection);
      if (hit) return this.resolveDb(hit.fact, hit.file, svc, family);
    }
    const all = (this.databases.get(svc.name) ?? []).filter((d) => familyOfDatabase(d.fact) === family);
    const sameLib = all.filter((d) => d.fact.library === call.library || d.fact.library === decl?.fact.library);
    const pool = sameLib.length ? sameLib : all;
    if (pool.length) return this.single(pool.map((d) => this.resolveDb(d.fact, d.file, svc, family)));
    // no configuration in code: the conventional environment variable of the service, if set
    for (const name of CONVENTIONAL_ENV[family]) {
      const v = svc.env[name];
      if (v && !v.includes('${')) return this.resolveDb({ library: 'env', url: { k: 'lit', v }, line: 0 }, file, svc, family);
    }
    return undefined;
  }

  /** One database when all candidates agree; undefined when they differ or none is known. */
  private single(dbs: Db[]): Db | undefined {
    const keys = new Set(dbs.map((d) => d.key ?? '?'));
    if (keys.size !== 1 || keys.has('?')) return dbs.length === 1 ? dbs[0] : undefined;
    return dbs[0];
  }

  private prismaDb(schemaFile: string, svc: ServiceInfo): Db | undefined {
    const dir = dirOf(schemaFile);
    const near = this.prismaSources
      .filter((p) => p.file === schemaFile || dir === dirOf(p.file) || dir.startsWith(dirOf(p.file) + '/') || dirOf(p.file).startsWith(dir + '/'))
      .sort((a, b) => (a.file === schemaFile ? -1 : b.file === schemaFile ? 1 : dirOf(b.file).length - dirOf(a.file).length));
    const src = near[0];
    return src ? this.resolveDb(src.fact, src.file, svc, 'sql') : undefined;
  }

  private resolveDb(f: DatabaseFact, file: string, svc: ServiceInfo, family: Family): Db {
    const r = (s: Sym | undefined) => (s ? this.program.resolve(s, file, svc.env) : undefined);
    const url = r(f.url);
    const parts: UrlParts = url ? parseDbUrl(url.text) : {};
    const engine = normEngine(f.engine) ?? parts.engine ?? (family === 'mongo' ? 'mongodb' : family === 'redis' ? 'redis' : 'sql');
    const host = r(f.host)?.text ?? parts.host;
    const port = r(f.port)?.text ?? parts.port ?? DEFAULT_PORT[engine] ?? '';
    let database = r(f.database)?.text ?? parts.database;
    const schema = r(f.schema)?.text ?? parts.schema;
    if (database === undefined && engine === 'mongodb' && host && !host.includes(UNKNOWN)) database = 'test';
    if (database === undefined && engine === 'redis') database = '0';
    const db: Db = { engine };
    if (database && !database.includes(UNKNOWN)) db.database = database;
    if (schema && !schema.includes(UNKNOWN)) db.schema = schema;
    if (db.database !== undefined && host !== undefined) {
      let h = host.includes(UNKNOWN) ? undefined : LOCAL.has(host) ? 'localhost' : host;
      // the host is unknown but the database is named: same named database behind the same setting
      if (h === undefined) {
        const names = [...new Set([...(url?.envNames ?? []), ...(r(f.host)?.envNames ?? [])])].sort();
        if (names.length) h = `<${names.join(',')}>`;
      }
      if (h !== undefined) db.key = `${engine}://${h}:${port.includes(UNKNOWN) ? '?' : port}/${db.database}`;
    }
    return db;
  }

  // ------------------------------------------------------------ grouping

  private group(accesses: Access[]): LinkedData {
    const clusters = new Map<string, Access[]>();
    for (const a of accesses) {
      // a store whose database cannot be told is kept apart per service: never shared
      const where = this.clusterOf(a) ?? `only:${a.service}`;
      const key = `${a.family}|${where}|${a.name}`;
      (clusters.get(key) ?? clusters.set(key, []).get(key)!).push(a);
    }
    const endpoints: Endpoint[] = [];
    const interactions: Interaction[] = [];
    const stores: DataStoreSummary[] = [];
    const usedIds = new Set<string>();
    for (const [, list] of [...clusters].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const services = [...new Set(list.map((a) => a.service))].sort();
      let shared = services.length >= 2;
      if (shared && list[0]!.family === 'fs') {
        // a file is shared when one service writes what another reads
        const writers = new Set(list.filter((a) => a.op !== 'read').map((a) => a.service));
        const readers = new Set(list.filter((a) => a.op === 'read').map((a) => a.service));
        shared = [...writers].some((w) => [...readers].some((r) => r !== w));
      }
      const owner = shared ? this.ownerOf(list, services) : services[0];
      const label = storeLabel(list);
      const summary: DataStoreSummary = {
        store: label,
        services,
        reads: list.filter((a) => a.op === 'read').length,
        writes: list.filter((a) => a.op !== 'read').length,
        shared,
      };
      if (owner) summary.owner = owner;
      stores.push(summary);
      if (!shared) continue;
      // the store as an endpoint of its owner; a store nobody owns (as far as the code tells) has none
      const first = list.find((a) => a.decl && a.decl.services.includes(owner ?? ''))?.decl ?? list.find((a) => a.decl)?.decl;
      const epId = owner ? `data:${label}` : undefined;
      if (owner && epId) {
        endpoints.push({
          id: epId,
          service: owner,
          kind: 'data',
          file: first?.file ?? list[0]!.file,
          line: first?.fact.line ?? list[0]!.call.line,
          column: 1,
          framework: first?.fact.library ?? list[0]!.library,
          path: label,
        });
      }
      for (const a of list) {
        // one interaction per site and store, even when two detectors saw the site
        const site = `${a.service}@${a.file}:${a.call.line}:${a.call.column}`;
        if (usedIds.has(`${site}|${a.name}`)) continue;
        usedIds.add(`${site}|${a.name}`);
        const id = usedIds.has(site) ? `${site}~${a.name}` : site;
        usedIds.add(site);
        const interaction: Interaction = {
          id,
          service: a.service,
          file: a.file,
          line: a.call.line,
          column: a.call.column,
          endLine: a.call.endLine,
          endColumn: a.call.endColumn,
          mechanism: 'data',
          library: a.library,
          target: `${a.op === 'read' ? 'read' : 'write'} ${label}`,
          style: 'common-data',
          callees: services,
          endpoints: epId ? [epId] : [],
          store: label,
          access: a.op === 'read' ? 'read' : 'write',
          function: a.call.function,
          traits: a.call.traits,
        };
        if (owner) interaction.owner = owner;
        interactions.push(interaction);
      }
    }
    return { endpoints, interactions, stores };
  }

  /** Where an access's store lives, as a grouping key; undefined when it cannot be shared knowingly. */
  private clusterOf(a: Access): string | undefined {
    switch (a.family) {
      case 's3':
        return 's3';
      case 'dynamodb':
        // table names are unique within an account and region: the name is the table
        return 'dynamodb';
      case 'fs':
        return 'fs';
      case 'redis':
        // key spaces are named on purpose; without connection settings the name is the evidence,
        // unless it is a name every service would pick for its own Redis (cache:*, lock:*, config)
        if (a.db?.key) return a.db.key;
        return GENERIC_KEYSPACE.test(a.name) ? undefined : 'redis';
      default: {
        if (a.db?.key) {
          const schema = a.schema ?? a.db.schema ?? (a.db.engine === 'postgres' ? 'public' : a.db.engine === 'mssql' ? 'dbo' : '');
          return `${a.db.key}/${schema}`;
        }
        // unknown database: only the same declaration (a shared schema or entity) says it is one store
        return a.decl ? `decl:${a.decl.key}` : undefined;
      }
    }
  }

  /**
   * The owner of a store among the services sharing it: the one that migrates it, else the only
   * one that declares it, else the only one that inserts into it, else the one with the fullest
   * declaration; undefined when the code does not tell.
   */
  private ownerOf(list: Access[], services: string[]): string | undefined {
    const a0 = list[0]!;
    const decls = (this.byStore.get(storeKey(a0.family, a0.name)) ?? []).filter((d) => d.services.length === 1 && services.includes(d.services[0]!));
    const only = (set: Set<string>): string | undefined => (set.size === 1 ? [...set][0] : undefined);
    const migrating = only(new Set(decls.filter((d) => d.fact.defines === 'migration').map((d) => d.services[0]!)));
    if (migrating) return migrating;
    const declaring = new Set(decls.filter((d) => d.fact.defines === 'schema').map((d) => d.services[0]!));
    if (declaring.size === 1) return only(declaring);
    const inserting = only(new Set(list.filter((a) => a.op === 'create').map((a) => a.service)));
    if (inserting) return inserting;
    const fields = new Map<string, number>();
    for (const d of decls) if (d.fact.fields !== undefined) fields.set(d.services[0]!, Math.max(fields.get(d.services[0]!) ?? 0, d.fact.fields));
    const ranked = [...fields].sort((x, y) => y[1] - x[1]);
    if (ranked.length > 1 && ranked[0]![1] > ranked[1]![1]) return ranked[0]![0];
    return undefined;
  }
}

function isDynamo(library: string, kind: DataKind): boolean {
  return kind === 'table' && /dynamodb|^aws-sdk$/.test(library);
}

function storeKey(family: Family, name: string): string {
  return `${family}|${family === 'sql' ? name.toLowerCase() : name}`;
}

function splitSchema(family: Family, text: string): { name: string; schema?: string } {
  if (family !== 'sql') return { name: text };
  const parts = text.split('.');
  if (parts.length < 2) return { name: text };
  return { name: parts[parts.length - 1]!, schema: parts[parts.length - 2]! };
}

/** A readable store name: `postgres shop.orders`, `mongodb auth.users`, `redis session:*`, `s3 bucket uploads`. */
function storeLabel(list: Access[]): string {
  const a = list.find((x) => x.db?.database) ?? list[0]!;
  switch (a.family) {
    case 'sql': {
      const engine = a.db?.engine && a.db.engine !== 'sql' ? a.db.engine : 'sql';
      const schema = a.schema ?? (a.db?.schema && a.db.schema !== 'public' ? a.db.schema : undefined);
      const table = `${schema ? schema + '.' : ''}${a.shown}`;
      return a.db?.database ? `${engine} ${a.db.database}.${table}` : `${engine} table ${table}`;
    }
    case 'mongo':
      return a.db?.database ? `mongodb ${a.db.database}.${a.shown}` : `mongodb collection ${a.shown}`;
    case 'redis':
      return `redis ${a.shown}`;
    case 's3':
      return `s3 bucket ${a.shown}`;
    case 'dynamodb':
      return `dynamodb table ${a.shown}`;
    case 'fs':
      return `file ${a.shown}`;
  }
}

function literalOf(s: Sym | undefined): string | undefined {
  return s?.k === 'lit' ? s.v : undefined;
}

function placeholderEnv(env: Record<string, string>): Record<string, string> {
  return new Proxy(env, { get: (t, k) => (typeof k === 'string' ? (t[k] ?? `<${k}>`) : undefined) });
}

function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '.' ? '' : d;
}

function sorted(program: Program): FileFacts[] {
  return [...program.facts.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
