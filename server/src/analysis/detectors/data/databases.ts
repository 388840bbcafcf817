/**
 * Database connections configured in code: which database a service's data accesses reach.
 * Connection URLs and host/database options of TypeORM, Sequelize, Knex, pg, mysql2, postgres.js,
 * mongoose, the MongoDB driver and Redis clients, whether passed to a constructor, a factory, a
 * NestJS module or written as a configuration object (`{ type: 'postgres', url: ... }`).
 */
import { ts } from 'ts-morph';
import type { DatabaseFact, Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { rootOf, unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { objectOf, prop, propertyName } from '../../syntax/objects';
import { addDatabase } from './common';

const CONFIG_KEYS: [key: string, library: string][] = [
  ['type', 'typeorm'],
  ['dialect', 'sequelize'],
  ['client', 'knex'],
];
const ENGINE_VALUE =
  /^(postgres|postgresql|pg|mysql|mysql2|mariadb|sqlite|sqlite3|better-sqlite3|mssql|oracle|oracledb|cockroachdb|mongodb|aurora-postgres|aurora-mysql)$/;

/** A `DatabaseFact` from an options object (url/uri/connectionString/host/port/database/schema). */
function fromOptions(ctx: FileContext, library: string, obj: ts.Expression | undefined, engine?: string): Omit<DatabaseFact, 'line'> | undefined {
  const o = objectOf(obj);
  if (!o) return undefined;
  const sym = (k: string): Sym | undefined => {
    const v = prop(o, k);
    const s = v ? ctx.sym(v) : undefined;
    return s && s.k !== 'unknown' ? s : undefined;
  };
  const fact: Omit<DatabaseFact, 'line'> = { library };
  if (engine) fact.engine = engine;
  const url = sym('url') ?? sym('uri') ?? sym('connectionString') ?? sym('connectionUri');
  if (url) fact.url = url;
  const conn = prop(o, 'connection');
  if (conn) {
    // knex: connection is a URL or an options object
    const c = ctx.sym(conn);
    if (c && c.k !== 'unknown' && !objectOf(conn)) fact.url = c;
    else {
      const inner = fromOptions(ctx, library, conn);
      if (inner) Object.assign(fact, { ...inner, library, ...(engine ? { engine } : {}) });
    }
  }
  const host = sym('host') ?? sym('hostname');
  const port = sym('port');
  const database = sym('database') ?? sym('dbName') ?? sym('db');
  const schema = sym('schema') ?? sym('searchPath');
  if (host) fact.host = host;
  if (port) fact.port = port;
  if (database) fact.database = database;
  if (schema) fact.schema = schema;
  if (!fact.url && !fact.host && !fact.database) return undefined;
  return fact;
}

function idOf(ctx: FileContext, node: ts.Node): string | undefined {
  let n: ts.Node = node;
  while (n.parent && (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent))) n = n.parent;
  const p = n.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return `${ctx.file}#${p.name.text}`;
  return undefined;
}

function moduleOf(ctx: FileContext, callee: ts.Expression): string | undefined {
  const o = rootOf(ctx.origin(callee));
  return o.kind === 'import' ? o.module : undefined;
}

function add(ctx: FileContext, node: ts.Node, fact: Omit<DatabaseFact, 'line'> | undefined): void {
  if (!fact) return;
  const id = idOf(ctx, node);
  addDatabase(ctx, node, { ...fact, ...(id && !fact.id ? { id } : {}) });
}

/** A URL-or-options first argument: `new Redis(url)`, `mongoose.connect(uri, { dbName })`. */
function urlOrOptions(ctx: FileContext, library: string, engine: string, args: readonly ts.Expression[]): Omit<DatabaseFact, 'line'> | undefined {
  const [a0, a1] = args;
  if (!a0) return undefined;
  if (objectOf(a0)) return fromOptions(ctx, library, a0, engine);
  const url = ctx.sym(a0);
  if (!url || url.k === 'unknown') return undefined;
  const fact: Omit<DatabaseFact, 'line'> = { library, engine, url };
  const dbName = prop(a1, 'dbName') ?? prop(a1, 'database');
  const d = dbName ? ctx.sym(dbName) : undefined;
  if (d && d.k !== 'unknown') fact.database = d;
  return fact;
}

const NEW_NAMES = new Set(['Pool', 'Client', 'Sequelize', 'DataSource', 'Redis', 'Cluster', 'MongoClient']);
const CALL_NAMES = new Set(['connect', 'createConnection', 'forRoot', 'createPool', 'createClient', 'postgres', 'neon', 'drizzle', 'knex']);

/** True inside `createMongooseOptions()` or a `useFactory` of `MongooseModule.forRootAsync`. */
function inMongooseFactory(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isMethodDeclaration(n) && propertyName(n.name) === 'createMongooseOptions') return true;
    if (ts.isCallExpression(n) && /MongooseModule\.forRootAsync$/.test(n.expression.getText())) return true;
  }
  return false;
}

/** Detects database connection settings. */
export const databases: Detector = {
  id: 'data-databases',
  applies: (text) =>
    /Pool|Client|Sequelize|DataSource|createConnection|connect|forRoot|knex|Redis|createClient|postgres|mysql|mongo|type:|dialect:|client:/.test(text),
  onFile(sf, ctx) {
    // configuration objects anywhere: { type: 'postgres', url }, { dialect: 'mysql', host }, { client: 'pg', connection },
    // and mongoose options built by a factory (createMongooseOptions() { return { uri } }, forRootAsync useFactory)
    const configs = /\b(type|dialect|client)\s*:\s*['"`]/.test(ctx.text);
    const mongooseFactory = /createMongooseOptions|MongooseModule\.forRootAsync/.test(ctx.text);
    if (!configs && !mongooseFactory) return;
    const visit = (n: ts.Node): void => {
      if (mongooseFactory && ts.isObjectLiteralExpression(n) && prop(n, 'uri') && inMongooseFactory(n)) add(ctx, n, fromOptions(ctx, 'mongoose', n, 'mongodb'));
      if (configs && ts.isObjectLiteralExpression(n)) {
        for (const [key, library] of CONFIG_KEYS) {
          const v = prop(n, key);
          const engine = v && ts.isStringLiteralLike(unwrap(v)) ? (unwrap(v) as ts.StringLiteral).text : undefined;
          if (engine && ENGINE_VALUE.test(engine)) {
            add(ctx, n, fromOptions(ctx, library, n, engine));
            break;
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  },
  onNew(expr, ctx) {
    const callee = unwrap(expr.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (!NEW_NAMES.has(name)) return;
    const mod = moduleOf(ctx, callee);
    const args = expr.arguments ?? [];
    if ((name === 'Pool' || name === 'Client') && mod === 'pg') {
      // new Pool() reads PG* variables
      add(
        ctx,
        expr,
        fromOptions(ctx, 'pg', args[0], 'postgres') ?? {
          library: 'pg',
          engine: 'postgres',
          host: { k: 'env', name: 'PGHOST' },
          database: { k: 'env', name: 'PGDATABASE' },
        },
      );
    } else if (name === 'Sequelize' && (mod === 'sequelize' || mod === 'sequelize-typescript')) {
      const url = args[0] ? ctx.sym(args[0]) : undefined;
      if (args.length >= 3 || (args.length === 4 && objectOf(args[3]))) {
        // new Sequelize(database, user, password, { host, dialect })
        const opts = objectOf(args[3]) ?? objectOf(args[2]);
        const base = fromOptions(ctx, 'sequelize', opts) ?? { library: 'sequelize' };
        const dialect = ctx.sym(prop(opts, 'dialect'));
        add(ctx, expr, { ...base, ...(url && url.k !== 'unknown' ? { database: url } : {}), ...(dialect?.k === 'lit' ? { engine: dialect.v } : {}) });
      } else if (url && url.k !== 'unknown' && !objectOf(args[0])) add(ctx, expr, { library: 'sequelize', url });
    } else if (name === 'DataSource' && mod === 'typeorm') {
      // handled as a configuration object (type: ...); a variable id lets accesses through it find it
    } else if ((name === 'Redis' || name === 'Cluster') && (mod === 'ioredis' || (mod === undefined && /ioredis/.test(ctx.text)))) {
      const a0 = args[0];
      if (a0 && ctx.sym(a0)?.k === 'lit' && /^\d+$/.test((ctx.sym(a0) as { v: string }).v)) {
        // new Redis(6379, 'redis-host')
        const host = args[1] ? ctx.sym(args[1]) : undefined;
        add(ctx, expr, { library: 'ioredis', engine: 'redis', port: ctx.sym(a0)!, ...(host && host.k !== 'unknown' ? { host } : {}) });
      } else add(ctx, expr, urlOrOptions(ctx, 'ioredis', 'redis', args));
    } else if (name === 'MongoClient' && mod === 'mongodb') {
      add(ctx, expr, urlOrOptions(ctx, 'mongodb', 'mongodb', args));
    }
  },
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (!CALL_NAMES.has(name)) return;
    const mod = moduleOf(ctx, callee);
    const args = call.arguments;
    if ((name === 'connect' || name === 'createConnection') && mod === 'mongoose') add(ctx, call, urlOrOptions(ctx, 'mongoose', 'mongodb', args));
    else if (name === 'forRoot' && ts.isPropertyAccessExpression(callee) && callee.expression.getText() === 'MongooseModule')
      add(ctx, call, urlOrOptions(ctx, 'mongoose', 'mongodb', args));
    else if (name === 'connect' && mod === 'mongodb') add(ctx, call, urlOrOptions(ctx, 'mongodb', 'mongodb', args));
    else if ((name === 'createPool' || name === 'createConnection') && (mod === 'mysql2' || mod === 'mysql2/promise' || mod === 'mysql'))
      add(ctx, call, urlOrOptions(ctx, 'mysql2', 'mysql', args));
    else if (name === 'createClient' && (mod === 'redis' || mod === '@redis/client')) add(ctx, call, urlOrOptions(ctx, 'redis', 'redis', args));
    else if ((name === 'postgres' && mod === 'postgres') || (name === 'neon' && mod === '@neondatabase/serverless'))
      add(ctx, call, urlOrOptions(ctx, 'postgres', 'postgres', args));
    else if (name === 'drizzle' && mod?.startsWith('drizzle-orm')) {
      // drizzle(process.env.DATABASE_URL) / drizzle({ connection: url })
      const a0 = args[0];
      const url = a0 && !objectOf(a0) && !ts.isIdentifier(unwrap(a0)) ? ctx.sym(a0) : undefined;
      if (url && url.k !== 'unknown') add(ctx, call, { library: 'drizzle', url });
      else if (objectOf(a0)) add(ctx, call, fromOptions(ctx, 'drizzle', a0));
    } else if (name === 'knex' && mod === 'knex' && !objectOf(args[0])) {
      const url = args[0] ? ctx.sym(args[0]) : undefined;
      if (url && url.k !== 'unknown') add(ctx, call, { library: 'knex', url });
    }
  },
};
