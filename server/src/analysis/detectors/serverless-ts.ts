/**
 * The Serverless Framework's TypeScript configuration (`serverless.ts`), read as data: the exported
 * configuration object is evaluated statically into plain JSON (literals, templates, constants of
 * the file), with imported values (`import hello from '@functions/hello'`) kept as references
 * resolved at link time; and a function definition file (`export default { handler:
 * `${handlerPath(__dirname)}/handler.main`, events: [...] }`) is evaluated the same way, its
 * handler path made relative to the analysed root. The config is then read like `serverless.yml`.
 */
import * as path from 'node:path';
import { ts } from 'ts-morph';
import type { FileContext } from '../syntax/context';
import { findDeclaration, importBinding, unwrap } from '../syntax/origin';
import type { Detector } from './detector';
import { ROOT_PATH } from '../facts';


const MAX_DEPTH = 10;

/** Detects serverless.ts configurations and the function definitions they import. */
export const serverlessTs: Detector = {
  id: 'serverless-ts',
  applies: (text) => text.includes('@serverless/typescript') || text.includes('handlerPath') || (/\bprovider\s*:/.test(text) && /\bfunctions\s*[:,}]/.test(text)) || (/\bhandler\s*:/.test(text) && /\bevents\s*:/.test(text)),
  onFile(sf, ctx) {
    const isConfig = /(^|\/)serverless\.ts$/.test(ctx.file);
    const exported = exportedValue(sf);
    if (!exported) return;
    const value = evaluate(ctx, exported, 0);
    if (!value || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    if (isConfig && (o.functions !== undefined || o.provider !== undefined)) ctx.facts.serverless = { kind: 'config', value };
    else if (!isConfig && typeof o.handler === 'string') ctx.facts.serverless = { kind: 'function', value };
  },
};

/** The default export (`export default x`, `module.exports = x`). */
function exportedValue(sf: ts.SourceFile): ts.Expression | undefined {
  for (const st of sf.statements) {
    if (ts.isExportAssignment(st)) return st.expression;
    if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = st.expression.left;
      if (ts.isPropertyAccessExpression(left) && left.getText() === 'module.exports') return st.expression.right;
    }
  }
  return undefined;
}

/** A value as plain data; imported values as `{ '@import': module, name }`; unknown parts as undefined. */
function evaluate(ctx: FileContext, expr: ts.Expression, depth: number): unknown {
  if (depth > MAX_DEPTH) return undefined;
  const e = unwrap(expr);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isTemplateExpression(e)) {
    let out = e.head.text;
    for (const span of e.templateSpans) {
      const v = evaluate(ctx, span.expression, depth + 1);
      out += (typeof v === 'string' || typeof v === 'number' ? String(v) : '${?}') + span.literal.text;
    }
    return out;
  }
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'handlerPath') {
    // the template's helper: the folder of the file, relative to the project root
    const d = path.posix.dirname(ctx.file);
    return ROOT_PATH + (d === '.' ? '' : d);
  }
  if (ts.isArrayLiteralExpression(e)) return e.elements.map((x) => (ts.isSpreadElement(x) ? undefined : evaluate(ctx, x, depth + 1)));
  if (ts.isObjectLiteralExpression(e)) {
    const out: Record<string, unknown> = {};
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p)) {
        const key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name) ? p.name.text : undefined;
        if (key !== undefined) out[key] = evaluate(ctx, p.initializer, depth + 1);
      } else if (ts.isShorthandPropertyAssignment(p)) {
        out[p.name.text] = evaluate(ctx, p.name, depth + 1);
      } else if (ts.isSpreadAssignment(p)) {
        const v = evaluate(ctx, p.expression, depth + 1);
        if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, v);
      }
    }
    return out;
  }
  if (ts.isIdentifier(e)) {
    if (e.text === '__dirname') {
      const d = path.posix.dirname(ctx.file);
      return ROOT_PATH + (d === '.' ? '' : d);
    }
    const decl = findDeclaration(e.text, e);
    if (!decl) return undefined;
    const imp = importBinding(decl);
    if (imp) return { '@import': imp.module, name: imp.name };
    if (ts.isVariableDeclaration(decl) && decl.initializer) return evaluate(ctx, decl.initializer, depth + 1);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const base = evaluate(ctx, e.expression, depth + 1);
    if (base && typeof base === 'object' && !Array.isArray(base) && !('@import' in base)) return (base as Record<string, unknown>)[e.name.text];
    return undefined;
  }
  return undefined;
}
