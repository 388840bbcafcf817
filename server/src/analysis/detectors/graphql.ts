/**
 * GraphQL between services: clients (graphql-request, Apollo Client, urql, plain POSTs of a
 * `query`) calling a service's resolvers (Apollo Server / graphql-yoga resolver maps; NestJS
 * resolvers are in nestjs.ts). The operation's top-level fields say which resolvers are reached.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../facts';
import type { FileContext } from '../syntax/context';
import { prop } from '../syntax/objects';
import { rootOf, unwrap } from '../syntax/origin';
import { literalOf } from '../syntax/values';
import { anyWord, type Detector } from './detector';

const CLIENT_MODULES = ['graphql-request', '@apollo/client', '@apollo/client/core', 'apollo-boost', 'urql', '@urql/core', 'graphql-hooks'];

/** Top-level field names selected by a GraphQL document (`query Q { order(id: 1) { id } }` → order). */
export function operationFields(doc: string): string[] {
  const start = doc.indexOf('{');
  if (start < 0) return [];
  const out: string[] = [];
  let depth = 0;
  let i = start;
  while (i < doc.length) {
    const c = doc[i]!;
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) break;
    } else if (c === '(') {
      // skip arguments
      let d = 1;
      i++;
      while (i < doc.length && d > 0) {
        if (doc[i] === '(') d++;
        else if (doc[i] === ')') d--;
        i++;
      }
      continue;
    } else if (depth === 1 && /[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(\s*:\s*[A-Za-z_][A-Za-z0-9_]*)?/.exec(doc.slice(i))!;
      const name = m[1] ? m[1].replace(/[:\s]/g, '') : m[0];
      if (name !== '__typename' && name !== 'fragment' && name !== 'on') out.push(name);
      i += m[0].length;
      continue;
    }
    i++;
  }
  return [...new Set(out)];
}

/** The text of a gql document: a tagged template, a string, or a constant holding one. */
function documentText(ctx: FileContext, expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  const e = unwrap(expr);
  if (ts.isTaggedTemplateExpression(e)) return e.template.getText().slice(1, -1);
  if (ts.isIdentifier(e)) {
    const o = ctx.origin(e);
    if (o.kind === 'local' && ts.isVariableDeclaration(o.decl) && o.decl.initializer) return documentText(ctx, o.decl.initializer);
  }
  const lit = literalOf(ctx.sym(e));
  return lit && lit.includes('{') ? lit : undefined;
}

function report(ctx: FileContext, call: ts.CallExpression, url: Sym | undefined, doc: string | undefined): void {
  const fields = doc ? operationFields(doc) : [];
  ctx.addCall(call, {
    mechanism: 'graphql',
    library: 'graphql',
    role: 'request',
    method: 'POST',
    ...(url ? { url } : {}),
    channel: { k: 'lit', v: fields.join(',') },
    traits: {},
  });
}

export const graphql: Detector = {
  id: 'graphql',
  applies: anyWord('graphql', 'apollo', 'urql', 'gql', 'resolvers'),
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    // request(url, document) from graphql-request
    if (ts.isIdentifier(callee)) {
      const o = ctx.origin(callee);
      if (o.kind === 'import' && o.module === 'graphql-request' && (o.name === 'request' || o.name === 'rawRequest')) {
        const [a0, a1] = call.arguments;
        const opts = a0 && ts.isObjectLiteralExpression(unwrap(a0)) ? a0 : undefined;
        report(ctx, call, ctx.sym(opts ? prop(opts, 'url') : a0), documentText(ctx, opts ? prop(opts, 'document') : a1));
      }
      return;
    }
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (!['request', 'rawRequest', 'query', 'mutate'].includes(method)) return;
    const recv = ctx.origin(callee.expression);
    if (recv.kind !== 'new') return;
    const root = rootOf(recv.ctor);
    if (root.kind !== 'import' || !CLIENT_MODULES.includes(root.module)) return;
    const ctorArg = recv.expr.arguments?.[0];
    // new GraphQLClient(url) / new ApolloClient({ uri }) / new ApolloClient({ link: new HttpLink({ uri }) })
    let url = ctorArg && !ts.isObjectLiteralExpression(unwrap(ctorArg)) ? ctx.sym(ctorArg) : ctx.sym(prop(ctorArg, 'uri') ?? prop(ctorArg, 'url'));
    const link = prop(ctorArg, 'link');
    if (!url && link && ts.isNewExpression(unwrap(link))) url = ctx.sym(prop((unwrap(link) as ts.NewExpression).arguments?.[0], 'uri'));
    const arg = call.arguments[0];
    const doc = method === 'query' || method === 'mutate' ? documentText(ctx, prop(arg, method === 'query' ? 'query' : 'mutation') ?? arg) : documentText(ctx, arg);
    report(ctx, call, url, doc);
  },
  onNew(expr, ctx) {
    // new ApolloServer({ typeDefs, resolvers }) / createYoga({ schema: createSchema({ resolvers }) }) handled through the resolver map
    const o = ctx.origin(expr.expression);
    if (o.kind !== 'import' || !/apollo-server|@apollo\/server|graphql-yoga|mercurius|@graphql-tools/.test(o.module)) return;
    const resolvers = prop(expr.arguments?.[0], 'resolvers');
    if (resolvers) resolverEndpoints(ctx, resolvers);
  },
};

/** `{ Query: { order: fn }, Mutation: { ... } }` → graphql endpoints. */
function resolverEndpoints(ctx: FileContext, expr: ts.Expression, depth = 0): void {
  if (depth > 3) return;
  let e = unwrap(expr);
  if (ts.isIdentifier(e)) {
    const o = ctx.origin(e);
    if (o.kind === 'local' && ts.isVariableDeclaration(o.decl) && o.decl.initializer) e = unwrap(o.decl.initializer);
  }
  if (ts.isArrayLiteralExpression(e)) {
    for (const el of e.elements) resolverEndpoints(ctx, el, depth + 1);
    return;
  }
  if (!ts.isObjectLiteralExpression(e)) return;
  for (const p of e.properties) {
    const typeName = p.name?.getText().replace(/['"]/g, '');
    if (!typeName || !['Query', 'Mutation', 'Subscription'].includes(typeName) || !ts.isPropertyAssignment(p)) continue;
    const fields = unwrap(p.initializer);
    if (!ts.isObjectLiteralExpression(fields)) continue;
    for (const f of fields.properties) {
      const name = f.name?.getText().replace(/['"]/g, '');
      if (!name) continue;
      const handler = ts.isPropertyAssignment(f) ? ctx.handlerRef(f.initializer, f) : ts.isMethodDeclaration(f) ? ctx.idOf(f) : ctx.functionOf(f);
      ctx.addEndpoint(f, { kind: 'graphql', framework: 'graphql', mechanism: 'graphql', method: typeName.toLowerCase(), channel: { k: 'lit', v: name }, handler });
    }
  }
}
