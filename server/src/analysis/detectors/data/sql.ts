/**
 * Raw SQL: query strings passed to any client (`pool.query('SELECT ... FROM orders')`,
 * prisma.$queryRaw`...`, `knex.raw(...)`, `dataSource.query(...)`, sql`...` tags), DDL in code
 * migrations, and SQL migration files. The tables a statement touches are read at link time, so
 * query text kept in a constant of another file still counts.
 */
import { ts } from 'ts-morph';
import type { DatabaseFact, SchemaFact, Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { rootOf, unwrap } from '../../syntax/origin';
import { evalSym } from '../../syntax/values';
import type { Detector } from '../detector';
import { addAccess, addSchema, symText } from './common';
import { looksLikeSql, readSql } from './sql-text';

/** Callees that take text but never run it against a database. */
const NOT_A_CLIENT =
  /^(log|info|warn|error|debug|trace|fatal|verbose|assert|equal|strictEqual|deepEqual|toBe|toEqual|toContain|toHaveBeenCalledWith|expect|describe|it|test|push|concat|replace|replaceAll|split|format|t|__|includes|startsWith|endsWith|indexOf|match|test|exec|write|send|json|emit|publish|set|add|setItem|alert|print|println|printf|parse|stringify|Error)$/;

/** Methods that run a query, for text held in constants we can only read at link time. */
const QUERY_METHOD =
  /^(query|execute|raw|run|all|get|prepare|exec|none|one|many|any|oneOrNone|manyOrNone|result|multi|each|queryOne|queryMany|unsafe|\$queryRaw|\$executeRaw|\$queryRawUnsafe|\$executeRawUnsafe)$/;

/** How SQL text starts (a template or concatenation may continue it). */
const SQL_VERB = /^\s*\(?\s*(with|select|insert|update|delete|replace|merge|create|upsert)\b/i;

const PG_LIKE: Record<string, string> = {
  pg: 'pg',
  'pg-promise': 'pg-promise',
  postgres: 'postgres',
  mysql: 'mysql',
  mysql2: 'mysql2',
  'mysql2/promise': 'mysql2',
  'better-sqlite3': 'better-sqlite3',
  sqlite3: 'sqlite3',
  sqlite: 'sqlite3',
  mssql: 'mssql',
  typeorm: 'typeorm',
  sequelize: 'sequelize',
  knex: 'knex',
  '@prisma/client': 'prisma',
  'drizzle-orm': 'drizzle',
};

function libraryOf(ctx: FileContext, callee: ts.Expression, method: string | undefined): string {
  if (method?.startsWith('$')) return 'prisma';
  const target = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
  const o = rootOf(ctx.origin(target));
  if (o.kind === 'import' && PG_LIKE[o.module]) return PG_LIKE[o.module]!;
  if (o.kind === 'type' && o.module && PG_LIKE[o.module]) return PG_LIKE[o.module]!;
  if (o.kind === 'type' && /^(DataSource|EntityManager|QueryRunner|Repository)$/.test(o.typeName)) return 'typeorm';
  if (o.kind === 'type' && /^(Pool|PoolClient|Client)$/.test(o.typeName) && o.module === 'pg') return 'pg';
  const text = target.getText();
  if (/prisma/i.test(text)) return 'prisma';
  if (/queryRunner|dataSource|manager/i.test(text)) return 'typeorm';
  if (/sequelize/i.test(text)) return 'sequelize';
  if (/knex/i.test(text)) return 'knex';
  return 'sql';
}

/** Reports a SQL text seen at `node`: table accesses (read at link time) and tables it creates. */
function report(ctx: FileContext, node: ts.Node, sym: Sym, library: string, linkTimeOnly: boolean): void {
  const text = symText(sym);
  if (!linkTimeOnly) {
    if (!looksLikeSql(text)) return;
    const reading = readSql(text);
    for (const c of reading.creates) {
      addSchema(ctx, node, { library, kind: 'table', store: { k: 'lit', v: c.schema ? `${c.schema}.${c.name}` : c.name }, defines: 'migration' });
    }
    if (!reading.tables.length) return;
  }
  addAccess(ctx, node, library, sym, { kind: 'table', via: 'sql', op: 'read' });
}

/** Detects SQL text run by any client, and `sql`-tagged templates. */
export const rawSql: Detector = {
  id: 'data-sql',
  applies: (text) => /\b(select|insert|update|delete|create\s+table|with)\b/i.test(text),
  onFile(sf, ctx) {
    // tagged templates (prisma.$queryRaw`...`, sql`...`) are not calls; walk only when one may hold SQL
    if (!/[\w\])]`\s*(\(\s*)?(select|insert|update|delete|with|create)\b/i.test(ctx.text)) return;
    const visit = (n: ts.Node): void => {
      if (ts.isTaggedTemplateExpression(n)) {
        const tag = n.tag.getText();
        const sym = evalSym(ts.isNoSubstitutionTemplateLiteral(n.template) ? n.template : n.template);
        const method = ts.isPropertyAccessExpression(n.tag) ? n.tag.name.text : undefined;
        if (!/^(log|info|warn|error|debug|css|html|gql|graphql|styled|keyframes)$/.test(method ?? tag))
          report(ctx, n, sym, libraryOf(ctx, n.tag, method), false);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  },
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (!method || NOT_A_CLIENT.test(method)) return;
    if (ts.isPropertyAccessExpression(callee) && /^(console|logger|log|this\.logger|assert|expect)$/.test(callee.expression.getText())) return;
    const queryish = QUERY_METHOD.test(method);
    for (const arg of call.arguments.slice(0, 2)) {
      const a = unwrap(arg);
      if (ts.isTaggedTemplateExpression(a)) return; // reported by onFile
      // cheap checks before evaluating: literal text must start like SQL; names are followed only for query methods
      if (ts.isStringLiteralLike(a)) {
        if (!SQL_VERB.test(a.text)) continue;
      } else if (ts.isTemplateExpression(a)) {
        if (!SQL_VERB.test(a.head.text)) continue;
      } else if (ts.isIdentifier(a) || ts.isPropertyAccessExpression(a) || ts.isBinaryExpression(a)) {
        if (!queryish) continue;
      } else continue;
      const sym = ctx.sym(a);
      if (!sym || sym.k === 'unknown') continue;
      const text = symText(sym);
      if (looksLikeSql(text)) {
        report(ctx, call, sym, libraryOf(ctx, callee, method), false);
        return;
      }
      // text in a constant of another file: read at link time, only for query-running methods
      if (hasRef(sym) && queryish && !text.replace(/\u0000/g, '').trim()) {
        report(ctx, call, sym, libraryOf(ctx, callee, method), true);
        return;
      }
    }
  },
};

function hasRef(s: Sym): boolean {
  if (s.k === 'ref') return true;
  if (s.k === 'cat') return s.parts.some(hasRef);
  return false;
}

/** Facts of a SQL file (a migration or schema script): the tables it creates. */
export function sqlFileFacts(text: string): { schemas: SchemaFact[]; databases: DatabaseFact[] } {
  const schemas: SchemaFact[] = [];
  const seen = new Set<string>();
  let line = 1;
  for (const statement of text.split(';')) {
    const lead = /^\s*/.exec(statement)![0];
    const at = line + (lead.match(/\n/g)?.length ?? 0);
    line += statement.match(/\n/g)?.length ?? 0;
    for (const c of readSql(statement).creates) {
      const name = c.schema ? `${c.schema}.${c.name}` : c.name;
      if (seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      schemas.push({ library: 'sql', kind: 'table', store: { k: 'lit', v: name }, defines: 'migration', line: at });
    }
  }
  return { schemas, databases: [] };
}
