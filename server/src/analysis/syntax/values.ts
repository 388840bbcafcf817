/**
 * Static evaluation of string-valued expressions into `Sym`s: literals, templates, concatenation,
 * environment variables with fallbacks, constants, enum members and object paths.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../facts';
import { enclosingClass, findDeclaration, importBinding, unwrap } from './origin';

const MAX_DEPTH = 10;

/** Config getters that read an environment variable by name (NestJS ConfigService and the like). */
const CONFIG_GETTERS = new Set(['get', 'getOrThrow', 'getString', 'getValue', 'getEnv']);

/** Joins parts into one Sym, merging adjacent literals. */
export function cat(parts: Sym[]): Sym {
  const out: Sym[] = [];
  for (const p of parts) {
    const flat = p.k === 'cat' ? p.parts : [p];
    for (const q of flat) {
      const last = out[out.length - 1];
      if (q.k === 'lit' && last?.k === 'lit') out[out.length - 1] = { k: 'lit', v: last.v + q.v };
      else out.push(q);
    }
  }
  if (out.length === 0) return { k: 'lit', v: '' };
  return out.length === 1 ? out[0]! : { k: 'cat', parts: out };
}

/** The literal value of a Sym when it has no unknowns. */
export function literalOf(s: Sym | undefined): string | undefined {
  if (!s) return undefined;
  if (s.k === 'lit') return s.v;
  if (s.k === 'cat') {
    let v = '';
    for (const p of s.parts) {
      const l = literalOf(p);
      if (l === undefined) return undefined;
      v += l;
    }
    return v;
  }
  return undefined;
}

function unknown(e: ts.Node): Sym {
  const text = e.getText();
  return { k: 'unknown', text: text.length > 80 ? text.slice(0, 77) + '...' : text };
}

/** Evaluates an expression to a Sym, following declarations visible in this file. */
export function evalSym(expr: ts.Expression, depth = 0): Sym {
  if (depth > MAX_DEPTH) return unknown(expr);
  const e = unwrap(expr);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { k: 'lit', v: e.text };
  if (ts.isNumericLiteral(e)) return { k: 'lit', v: e.text };
  if (ts.isTemplateExpression(e)) {
    const parts: Sym[] = [{ k: 'lit', v: e.head.text }];
    for (const span of e.templateSpans) {
      parts.push(evalSym(span.expression, depth + 1));
      parts.push({ k: 'lit', v: span.literal.text });
    }
    return cat(parts);
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) return cat([evalSym(e.left, depth + 1), evalSym(e.right, depth + 1)]);
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
      const left = evalSym(e.left, depth + 1);
      const right = evalSym(e.right, depth + 1);
      if ((left.k === 'env' || left.k === 'param') && !left.fallback) return { ...left, fallback: right };
      if (left.k === 'unknown') return right;
      return left;
    }
    return unknown(e);
  }
  if (ts.isConditionalExpression(e)) {
    // prefer the branch that is not empty; both are plausible, the first is the common default
    const a = evalSym(e.whenTrue, depth + 1);
    return a.k !== 'unknown' ? a : evalSym(e.whenFalse, depth + 1);
  }
  const env = envName(e);
  if (env !== undefined) return { k: 'env', name: env };
  const computed = envComputed(e, depth);
  if (computed) return computed;
  if (ts.isCallExpression(e)) return evalCall(e, depth);
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'URL' && e.arguments?.length) {
    // new URL(path, base)
    const [p, b] = e.arguments;
    const path = evalSym(p!, depth + 1);
    return b ? cat([evalSym(b, depth + 1), { k: 'lit', v: '\u0001' }, path]) : path;
  }
  // new URL(...).href / .toString()
  if (ts.isPropertyAccessExpression(e) && (e.name.text === 'href' || e.name.text === 'toString') && ts.isNewExpression(unwrap(e.expression))) {
    return evalSym(e.expression, depth + 1);
  }
  if (ts.isIdentifier(e)) return evalIdentifier(e, [], depth);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const path: string[] = [];
    let cur: ts.Expression = e;
    while (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) {
      if (ts.isPropertyAccessExpression(cur)) path.unshift(cur.name.text);
      else if (ts.isStringLiteralLike(cur.argumentExpression) || ts.isNumericLiteral(cur.argumentExpression)) path.unshift(cur.argumentExpression.text);
      else return unknown(e);
      cur = unwrap(cur.expression);
    }
    if (ts.isIdentifier(cur)) return evalIdentifier(cur, path, depth);
    if (cur.kind === ts.SyntaxKind.ThisKeyword) return evalThisPath(cur, path, depth);
    return unknown(e);
  }
  if (ts.isObjectLiteralExpression(e)) {
    // message patterns such as { cmd: 'x' }: a canonical JSON text with sorted keys
    const entries: [string, Sym][] = [];
    for (const p of e.properties) {
      if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return unknown(e);
      entries.push([p.name.text, evalSym(p.initializer, depth + 1)]);
    }
    entries.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const parts: Sym[] = [{ k: 'lit', v: '{' }];
    entries.forEach(([k, v], i) => {
      parts.push({ k: 'lit', v: `${i ? ',' : ''}${JSON.stringify(k)}:` });
      const lit = literalOf(v);
      parts.push(lit !== undefined ? { k: 'lit', v: JSON.stringify(lit) } : cat([{ k: 'lit', v: '"' }, v, { k: 'lit', v: '"' }]));
    });
    parts.push({ k: 'lit', v: '}' });
    return cat(parts);
  }
  return unknown(e);
}

/**
 * A call argument as a Sym: an object literal is kept by property (`{ topic: 'x', def: OrderCreated }`)
 * so a wrapper reading `opts.topic` can be bound per call site; anything else as `evalSym`.
 */
export function evalArg(expr: ts.Expression, depth = 0): Sym {
  const e = unwrap(expr);
  if (!ts.isObjectLiteralExpression(e) || depth > 3) return evalSym(expr);
  const props: Record<string, Sym> = {};
  for (const p of e.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) props[p.name.text] = evalArg(p.initializer, depth + 1);
    else if (ts.isShorthandPropertyAssignment(p)) props[p.name.text] = evalSym(p.name);
    else return evalSym(expr);
  }
  return { k: 'obj', props };
}

/** `process.env.X`, `process.env['X']`, `env.X` after `const { env } = process`, `Deno.env.get`. */
/** `process.env[name]` with a computed name: the name as a Sym (a wrapper's parameter, usually). */
function envComputed(e: ts.Expression, depth: number): Sym | undefined {
  if (!ts.isElementAccessExpression(e) || ts.isStringLiteralLike(e.argumentExpression)) return undefined;
  const obj = unwrap(e.expression);
  if (!(ts.isPropertyAccessExpression(obj) && obj.name.text === 'env' && ts.isIdentifier(obj.expression) && obj.expression.text === 'process')) return undefined;
  const nameSym = evalSym(e.argumentExpression, depth + 1);
  return nameSym.k === 'unknown' ? undefined : { k: 'env', name: '', nameSym };
}

function envName(e: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const name = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isStringLiteralLike(e.argumentExpression) ? e.argumentExpression.text : undefined;
    const obj = unwrap(e.expression);
    if (name && ts.isPropertyAccessExpression(obj) && obj.name.text === 'env' && ts.isIdentifier(obj.expression) && obj.expression.text === 'process') return name;
  }
  return undefined;
}

function evalCall(e: ts.CallExpression, depth: number): Sym {
  const callee = e.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const arg0 = e.arguments[0];
    // configService.get('PAYMENTS_URL', 'http://...')
    if (CONFIG_GETTERS.has(method) && arg0 && ts.isStringLiteralLike(arg0) && /^[A-Z][A-Z0-9_]*$/.test(arg0.text)) {
      const fallback = e.arguments[1];
      const s: Sym = { k: 'env', name: arg0.text };
      if (fallback && !ts.isObjectLiteralExpression(fallback)) s.fallback = evalSym(fallback, depth + 1);
      return s;
    }
    // String(x), x.toString(), x.trim()
    if (method === 'toString' || method === 'trim' || method === 'toLowerCase') return evalSym(callee.expression, depth + 1);
    if (method === 'join' && ts.isArrayLiteralExpression(unwrap(callee.expression))) {
      const sep = arg0 ? evalSym(arg0, depth + 1) : { k: 'lit' as const, v: ',' };
      const parts: Sym[] = [];
      (unwrap(callee.expression) as ts.ArrayLiteralExpression).elements.forEach((el, i) => {
        if (i) parts.push(sep);
        parts.push(evalSym(el, depth + 1));
      });
      return cat(parts);
    }
  }
  if (ts.isIdentifier(callee) && callee.text === 'String' && e.arguments[0]) return evalSym(e.arguments[0], depth + 1);
  // a call of a function of this workspace: its return value, resolved at link time
  const target = callTarget(callee);
  if (target) return { ...target, args: e.arguments.slice(0, 6).map((a) => evalSym(a, depth + 1)) };
  return unknown(e);
}

/** Where a called function is declared: local, imported, or a member of an imported namespace. */
function callTarget(callee: ts.Expression): { k: 'call'; module?: string; name: string } | undefined {
  if (ts.isIdentifier(callee)) {
    const decl = findDeclaration(callee.text, callee);
    if (!decl) return undefined;
    const imp = importBinding(decl) ?? requireBinding(decl, callee.text);
    if (imp) return imp.name === '*' || imp.name === 'default' ? undefined : { k: 'call', module: imp.module, name: imp.name };
    if (ts.isFunctionDeclaration(decl)) return { k: 'call', name: callee.text };
    if (ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(unwrap(decl.initializer)) || ts.isFunctionExpression(unwrap(decl.initializer)))) return { k: 'call', name: callee.text };
    return undefined;
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const decl = findDeclaration(callee.expression.text, callee.expression);
    const imp = decl ? (importBinding(decl) ?? requireBinding(decl, callee.expression.text)) : undefined;
    if (imp && imp.name === '*') return { k: 'call', module: imp.module, name: callee.name.text };
  }
  return undefined;
}

/** `const { a } = require('./m')` / `const m = require('./m')`: the module and name bound to `local`. */
export function requireBinding(decl: ts.Node, local: string): { module: string; name: string } | undefined {
  if (!ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const init = unwrap(decl.initializer);
  if (!ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') return undefined;
  const arg = init.arguments[0];
  if (!arg || !ts.isStringLiteralLike(arg)) return undefined;
  if (ts.isIdentifier(decl.name)) return { module: arg.text, name: '*' };
  if (ts.isObjectBindingPattern(decl.name)) {
    for (const el of decl.name.elements) {
      if (ts.isIdentifier(el.name) && el.name.text === local) {
        const prop = el.propertyName && (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName)) ? el.propertyName.text : local;
        return { module: arg.text, name: prop };
      }
    }
  }
  return undefined;
}

function evalIdentifier(id: ts.Identifier, path: string[], depth: number): Sym {
  const decl = findDeclaration(id.text, id);
  if (!decl) return unknown(path.length ? id.parent : id);
  const imp = importBinding(decl) ?? requireBinding(decl, id.text);
  if (imp) {
    if (imp.name === '*' || imp.name === 'default') {
      if (imp.name === '*' && path.length) return { k: 'ref', module: imp.module, name: path[0]!, path: path.slice(1) };
      return { k: 'ref', module: imp.module, name: imp.name, path };
    }
    return { k: 'ref', module: imp.module, name: imp.name, path };
  }
  if (ts.isParameter(decl) && ts.isIdentifier(decl.name)) {
    const fn = decl.parent;
    const s: Sym = { k: 'param', index: fn.parameters.indexOf(decl), name: decl.name.text };
    // `def.subject` of a wrapper's parameter: read from the argument of each call site
    if (path.length) s.path = path;
    else if (decl.initializer) s.fallback = evalSym(decl.initializer, depth + 1);
    return s;
  }
  // const { PAYMENTS_URL = 'http://…' } = process.env
  if (ts.isVariableDeclaration(decl) && ts.isObjectBindingPattern(decl.name) && decl.initializer && path.length === 0) {
    const init = unwrap(decl.initializer);
    const isEnv = ts.isPropertyAccessExpression(init) && init.name.text === 'env' && ts.isIdentifier(init.expression) && init.expression.text === 'process';
    const el = decl.name.elements.find((x) => ts.isIdentifier(x.name) && x.name.text === id.text);
    if (isEnv && el) {
      const key = el.propertyName && (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName)) ? el.propertyName.text : id.text;
      const s: Sym = { k: 'env', name: key };
      if (el.initializer) {
        const fb = evalSym(el.initializer, depth + 1);
        if (!(fb.k === 'lit' && fb.v === '')) s.fallback = fb;
      }
      return s;
    }
  }
  if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer) {
    if (path.length === 0) return evalSym(decl.initializer, depth + 1);
    const obj = unwrap(decl.initializer);
    if (ts.isObjectLiteralExpression(obj)) return evalObjectPath(obj, path, depth);
    // top-level constants that are not object literals: leave to the linker
    if (ts.isSourceFile(decl.parent.parent.parent)) return { k: 'ref', name: id.text, path };
    return unknown(id.parent);
  }
  if (ts.isEnumDeclaration(decl) && path.length === 1) {
    const member = decl.members.find((m) => m.name.getText().replace(/['"]/g, '') === path[0]);
    if (member?.initializer) return evalSym(member.initializer, depth + 1);
    if (member) return { k: 'lit', v: String(decl.members.indexOf(member)) };
  }
  if (ts.isClassDeclaration(decl) && path.length === 1) {
    // static readonly constants
    for (const m of decl.members) {
      if (ts.isPropertyDeclaration(m) && m.name.getText() === path[0] && m.initializer) return evalSym(m.initializer, depth + 1);
    }
  }
  return unknown(path.length ? id.parent : id);
}

function evalObjectPath(obj: ts.ObjectLiteralExpression, path: string[], depth: number): Sym {
  let cur: ts.Expression = obj;
  for (const key of path) {
    cur = unwrap(cur);
    if (!ts.isObjectLiteralExpression(cur)) return unknown(obj);
    const prop = cur.properties.find((p) => p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key);
    if (!prop) return unknown(obj);
    if (ts.isPropertyAssignment(prop)) cur = prop.initializer;
    else if (ts.isShorthandPropertyAssignment(prop)) cur = prop.name;
    else return unknown(obj);
  }
  return evalSym(cur, depth + 1);
}

/** `this.subject`: the class field initializer, or a reference the linker resolves through subclasses. */
function evalThisPath(node: ts.Node, path: string[], depth: number): Sym {
  const cls = enclosingClass(node);
  if (cls && path.length >= 1) {
    for (const m of cls.members) {
      if (ts.isPropertyDeclaration(m) && m.name.getText() === path[0] && m.initializer && !hasModifier(m, ts.SyntaxKind.AbstractKeyword)) {
        const v = path.length === 1 ? evalSym(m.initializer, depth + 1) : ts.isObjectLiteralExpression(unwrap(m.initializer)) ? evalObjectPath(unwrap(m.initializer) as ts.ObjectLiteralExpression, path.slice(1), depth) : undefined;
        if (v) return v;
      }
    }
  }
  return { k: 'ref', name: '#this', path };
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}
