/**
 * Next.js API routes by file convention: files under `pages/api/` (default export handler) and
 * `route.ts` files under `app/` (exported GET/POST/... functions).
 */
import { ts } from 'ts-morph';
import type { Detector } from '../detector';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** `pages/api/orders/[id].ts` → `/api/orders/:id`; `app/api/orders/[id]/route.ts` → `/api/orders/:id`. */
export function nextRoutePath(file: string): { path: string; router: 'pages' | 'app' } | undefined {
  const pages = /(?:^|\/)(?:src\/)?pages\/(api\/.*)\.(?:ts|tsx|js|jsx|mjs)$/.exec(file);
  if (pages) return { path: toPath(pages[1]!.replace(/\/index$/, '')), router: 'pages' };
  const app = /(?:^|\/)(?:src\/)?app\/(.*?)\/?route\.(?:ts|tsx|js|jsx|mjs)$/.exec(file);
  if (app) return { path: toPath(app[1]!.replace(/\/$/, '')), router: 'app' };
  return undefined;
}

function toPath(p: string): string {
  const segs = p
    .split('/')
    .filter((s) => s && !/^\(.*\)$/.test(s)) // route groups `(shop)` do not appear in URLs
    .map((s) => (/^\[\[?\.\.\..+\]\]?$/.test(s) ? '*' : /^\[.+\]$/.test(s) ? ':' + s.slice(1, -1) : s));
  return '/' + segs.join('/');
}

export const nextjs: Detector = {
  id: 'nextjs',
  applies: (text) => /export\s+(default|async|function|const)/.test(text),
  onFile(sf, ctx) {
    const route = nextRoutePath(ctx.file);
    if (!route) return;
    // only inside a Next.js app: a next.config or 'next' import nearby is checked at discovery; here the path is enough
    for (const st of sf.statements) {
      const exported = ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported && !ts.isExportAssignment(st)) continue;
      const isDefault = ts.isExportAssignment(st) || (ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword));
      if (route.router === 'pages' && isDefault) {
        const handler = ts.isFunctionDeclaration(st) ? ctx.idOf(st) : ts.isExportAssignment(st) ? ctx.handlerRef(st.expression, st) : ctx.functionOf(st);
        ctx.addEndpoint(st, { kind: 'http', framework: 'nextjs', method: 'ANY', path: { k: 'lit', v: route.path }, handler });
      }
      if (route.router === 'app') {
        const names: { name: string; node: ts.Node; handler: string }[] = [];
        if (ts.isFunctionDeclaration(st) && st.name) names.push({ name: st.name.text, node: st, handler: ctx.idOf(st) });
        if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push({ name: d.name.text, node: d, handler: d.initializer ? ctx.handlerRef(d.initializer, d) : ctx.functionOf(d) });
        for (const n of names) if (METHODS.includes(n.name)) ctx.addEndpoint(n.node, { kind: 'http', framework: 'nextjs', method: n.name, path: { k: 'lit', v: route.path }, handler: n.handler });
      }
    }
    ctx.addStart(sf, { kind: 'next' });
  },
};
