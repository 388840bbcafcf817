/**
 * Prisma: the schema file (`schema.prisma`: models with `@@map`, the datasource and its URL) and
 * client calls (`prisma.order.findMany()`, `tx.order.update()`), matched to models at link time.
 */
import { ts } from 'ts-morph';
import type { DataOp, DatabaseFact, SchemaFact } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { enclosingClass, rootOf, unwrap } from '../../syntax/origin';
import { anyWord, type Detector } from '../detector';
import { addAccess, lowerFirst } from './common';

/** Model methods of the Prisma client and what they do. */
const METHODS: Record<string, DataOp> = {
  findUnique: 'read',
  findUniqueOrThrow: 'read',
  findFirst: 'read',
  findFirstOrThrow: 'read',
  findMany: 'read',
  count: 'read',
  aggregate: 'read',
  groupBy: 'read',
  create: 'create',
  createMany: 'create',
  createManyAndReturn: 'create',
  upsert: 'create',
  update: 'update',
  updateMany: 'update',
  updateManyAndReturn: 'update',
  delete: 'delete',
  deleteMany: 'delete',
};

/** Methods no other common library has on a property of a client, so any receiver will do. */
const DISTINCT = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'createMany',
  'createManyAndReturn',
  'updateMany',
  'updateManyAndReturn',
  'deleteMany',
  'upsert',
  'groupBy',
]);

const PRISMA_NAME = /prisma|^(tx|trx|db|client|database|transaction|prismaClient|dbClient)$/i;

function receiverIsPrisma(ctx: FileContext, recv: ts.Expression): boolean {
  const text = recv.getText();
  const last = text.split('.').pop() ?? text;
  if (PRISMA_NAME.test(last)) return true;
  const o = rootOf(ctx.origin(recv));
  if (o.kind === 'import' && /prisma/i.test(o.module)) return true;
  if (o.kind === 'type' && (/prisma/i.test(o.typeName) || (o.module !== undefined && /prisma/i.test(o.module)))) return true;
  return false;
}

/** Detects Prisma client model calls. */
export const prismaClient: Detector = {
  id: 'data-prisma',
  applies: anyWord('prisma', 'Prisma', 'findMany', 'findUnique', 'findFirst'),
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const op = METHODS[method];
    if (!op) return;
    const modelAccess = unwrap(callee.expression);
    if (!ts.isPropertyAccessExpression(modelAccess)) return;
    const model = modelAccess.name.text;
    if (model.startsWith('$') || model.startsWith('_')) return;
    const recv = unwrap(modelAccess.expression);
    // `this.order.findMany()` only inside a class that is itself a Prisma client
    if (
      recv.kind === ts.SyntaxKind.ThisKeyword &&
      !/Prisma/.test(
        enclosingClass(call)
          ?.heritageClauses?.map((h) => h.getText())
          .join(' ') ?? '',
      )
    )
      return;
    // drizzle's relational queries (`db.query.orders.findMany`) are not Prisma
    if (ts.isPropertyAccessExpression(recv) && recv.name.text === 'query') return;
    if (!DISTINCT.has(method) && !receiverIsPrisma(ctx, recv)) return;
    if (DISTINCT.has(method) && !receiverIsPrisma(ctx, recv) && /^(this\.)?\w*(repo|repository|model|service|api|http)$/i.test(recv.getText())) return;
    addAccess(ctx, call, 'prisma', { k: 'lit', v: lowerFirst(model) }, { kind: 'table', via: 'prisma-model', op }, method);
  },
};

/** Facts of a `.prisma` schema file: its models and its datasource. */
export function prismaSchemaFacts(text: string): { schemas: SchemaFact[]; databases: DatabaseFact[] } {
  const schemas: SchemaFact[] = [];
  const databases: DatabaseFact[] = [];
  const lines = text.split(/\r?\n/).map(stripComment);
  let block: { kind: string; name: string; line: number; fields: number; map?: string; schema?: string; props: Record<string, string> } | undefined;
  let provider: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!block) {
      const m = /^(model|view|datasource|generator|enum|type)\s+(\w+)\s*\{/.exec(line);
      if (m) block = { kind: m[1]!, name: m[2]!, line: i + 1, fields: 0, props: {} };
      continue;
    }
    if (line.startsWith('}')) {
      if (block.kind === 'model' || block.kind === 'view') {
        // a multi-schema model (`@@schema("billing")`) names its table `billing.<table>`
        const table = (block.schema ? `${block.schema}.` : '') + (block.map ?? block.name);
        schemas.push({
          library: 'prisma',
          kind: 'table',
          store: { k: 'lit', v: table },
          model: block.name,
          defines: 'schema',
          fields: block.fields,
          line: block.line,
        });
      } else if (block.kind === 'datasource') {
        provider = unquote(block.props.provider);
        const url = block.props.url;
        const db: DatabaseFact = { library: 'prisma', id: `datasource:${block.name}`, line: block.line };
        if (provider) db.engine = provider;
        const env = url ? /^env\(\s*"([^"]+)"\s*\)$/.exec(url) : undefined;
        if (env) db.url = { k: 'env', name: env[1]! };
        else if (url && unquote(url) !== undefined) db.url = { k: 'lit', v: unquote(url)! };
        databases.push(db);
      }
      block = undefined;
      continue;
    }
    if (block.kind === 'model' || block.kind === 'view') {
      const map = /^@@map\(\s*(?:name\s*:\s*)?"([^"]+)"/.exec(line);
      if (map) block.map = map[1]!;
      const sch = /^@@schema\(\s*"([^"]+)"/.exec(line);
      if (sch) block.schema = sch[1]!;
      if (/^\w+\s+\w/.test(line)) block.fields++;
    } else {
      const kv = /^(\w+)\s*=\s*(.+)$/.exec(line);
      if (kv) block.props[kv[1]!] = kv[2]!.trim();
    }
  }
  if (provider === 'mongodb') for (const s of schemas) s.kind = 'collection';
  return { schemas, databases };
}

function stripComment(line: string): string {
  // `//` starts a comment unless it is inside a string (URLs in datasource blocks)
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && line[i - 1] !== '\\') inString = !inString;
    if (!inString && c === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}

function unquote(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const m = /^"(.*)"$/.exec(v);
  return m ? m[1] : undefined;
}
