/**
 * How the caller's flow treats a call: does it wait for the reply (sync), handle it later
 * (async), or drop it (fire-and-forget)? Plus the local facts rules need (loops, error handling).
 */
import { ts } from 'ts-morph';
import type { Style } from '../model';
import { findDeclaration } from './origin';
import { perFileCache } from './per-file';

const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);
const RX_TO_PROMISE = new Set(['firstValueFrom', 'lastValueFrom']);
const LOOP_CALLBACKS = new Set(['map', 'forEach', 'flatMap', 'filter', 'reduce', 'some', 'every', 'find']);

type Flow = 'sync' | 'async' | 'dropped' | 'returned';

/** Decides the style of a request-like call from how its result is used. */
export function requestStyle(call: ts.Expression): Style {
  switch (flowOf(call, 0)) {
    case 'sync':
    case 'returned':
      return 'sync-request-response';
    case 'async':
      return 'async-request-response';
    default:
      return 'fire-and-forget';
  }
}

function flowOf(node: ts.Expression, depth: number): Flow {
  if (depth > 12) return 'sync';
  const parent = node.parent;
  if (!parent) return 'sync';
  // a callback API wrapped in `new Promise((resolve) => http.get(url, (res) => resolve(res)))`:
  // the caller's flow is that of the promise
  if (ts.isExpressionStatement(parent) || ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) {
    const executor = promiseExecutorOf(parent);
    if (executor) return flowOf(executor, depth + 1);
  }
  if (ts.isAwaitExpression(parent) || ts.isYieldExpression(parent)) return 'sync';
  if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isTypeAssertionExpression(parent)) {
    return flowOf(parent, depth + 1);
  }
  if (ts.isVoidExpression(parent)) return 'dropped';
  if (ts.isExpressionStatement(parent)) return 'dropped';
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) return 'returned';
  if (ts.isConditionalExpression(parent) || (ts.isBinaryExpression(parent) && parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken)) {
    return flowOf(parent, depth + 1);
  }
  // x.then(cb) / x.subscribe(cb) / x.pipe(...) / x.toPromise() / x.catch()
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
    const outer = parent.parent;
    const m = parent.name.text;
    if (m === 'then') {
      const f = flowOf(outer, depth + 1);
      return f === 'sync' || f === 'returned' ? f : outer.arguments.length ? 'async' : f;
    }
    if (m === 'subscribe') return outer.arguments.length ? 'async' : 'dropped';
    if (m === 'pipe' || m === 'toPromise' || m === 'catch' || m === 'finally' || m === 'json' || m === 'text' || m === 'exec' || m === 'promise') return flowOf(outer, depth + 1);
    // request objects of callback APIs: `http.request(opts, cb).end()`
    if (m === 'end' || m === 'write' || m === 'setTimeout' || m === 'on' || m === 'once') return flowOf(outer, depth + 1);
    return 'sync';
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(node)) {
    const callee = parent.expression;
    if (ts.isIdentifier(callee) && RX_TO_PROMISE.has(callee.text)) return flowOf(parent, depth + 1);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' && PROMISE_COMBINATORS.has(callee.name.text)) {
      return flowOf(parent, depth + 1);
    }
    return 'sync';
  }
  if (ts.isArrayLiteralExpression(parent)) {
    const outer = parent.parent;
    if (outer && ts.isCallExpression(outer)) return flowOf(outer, depth + 1);
    if (outer && ts.isVariableDeclaration(outer)) return variableFlow(outer, depth);
    return 'sync';
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) return variableFlow(parent, depth);
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return 'sync';
  return 'sync';
}

/**
 * Style of a callback-style call (`client.getProduct(req, (err, res) => ...)`): the reply is
 * handled in the callback unless a surrounding promise is awaited.
 */
export function callbackRequestStyle(call: ts.CallExpression): Style {
  const style = requestStyle(call);
  const last = call.arguments[call.arguments.length - 1];
  const hasCallback = !!last && (ts.isArrowFunction(last) || ts.isFunctionExpression(last));
  return hasCallback && style === 'fire-and-forget' ? 'async-request-response' : style;
}

/** The `new Promise(...)` whose executor directly contains this statement, if any. */
function promiseExecutorOf(stmt: ts.Node): ts.NewExpression | undefined {
  let fn: ts.Node | undefined = stmt;
  while (fn && !ts.isFunctionLike(fn)) {
    if (ts.isBlock(fn) || ts.isExpressionStatement(fn) || ts.isReturnStatement(fn)) fn = fn.parent;
    else return undefined;
  }
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const p = fn.parent;
  if (p && ts.isNewExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 'Promise') return p;
  return undefined;
}

/**
 * True when the call's promise is handed back to the caller un-awaited (`return http.get(...)`):
 * the caller's use of the function decides the style.
 */
export function isReturnedToCaller(call: ts.Expression): boolean {
  return flowOf(call, 0) === 'returned';
}

/** How a call site uses a call's result, when it is not simply awaited (for call-site facts). */
export function siteFlow(call: ts.Expression): 'async' | 'dropped' | undefined {
  const f = flowOf(call, 0);
  return f === 'async' || f === 'dropped' ? f : undefined;
}

/** `const p = call()`: how `p` is later used in the same function decides. */
function variableFlow(decl: ts.VariableDeclaration, depth: number): Flow {
  if (!ts.isIdentifier(decl.name)) return 'sync';
  const name = decl.name.text;
  const body = enclosingFunctionBody(decl);
  if (!body) return 'sync';
  let used = false;
  for (const n of identifiersIn(body).get(name) ?? []) {
    if (n === decl.name || findDeclaration(name, n) !== decl) continue;
    used = true;
    const f = flowOf(n, depth + 1);
    if (f === 'sync' && (ts.isAwaitExpression(n.parent) || isAwaitedCombinator(n))) return 'sync';
    if (f === 'async') return 'async';
  }
  return used ? 'sync' : 'dropped';
}

/**
 * The identifiers of a function (or file) by name, in source order, collected once per function
 * and without recursion: walking the whole body again for every `const p = call()` made a function
 * of n such statements cost n², and a recursive walk overflowed on long `a + b + …` chains.
 */
const IDENTIFIERS = perFileCache<ts.Node, Map<string, ts.Identifier[]>>();

function identifiersIn(body: ts.Node): Map<string, ts.Identifier[]> {
  let index = IDENTIFIERS.get(body);
  if (index) return index;
  index = new Map();
  const stack: ts.Node[] = [body];
  const children: ts.Node[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    if (ts.isIdentifier(n)) {
      const list = index.get(n.text);
      if (list) list.push(n);
      else index.set(n.text, [n]);
      continue;
    }
    children.length = 0;
    ts.forEachChild(n, (c) => {
      children.push(c);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  IDENTIFIERS.set(body, index);
  return index;
}

function isAwaitedCombinator(n: ts.Node): boolean {
  let p = n.parent;
  while (p && (ts.isArrayLiteralExpression(p) || ts.isSpreadElement(p))) p = p.parent;
  return !!p && ts.isCallExpression(p) && !!p.parent && ts.isAwaitExpression(p.parent);
}

function enclosingFunctionBody(node: ts.Node): ts.Node | undefined {
  let n: ts.Node | undefined = node.parent;
  while (n) {
    if (ts.isFunctionLike(n) || ts.isSourceFile(n)) return n;
    n = n.parent;
  }
  return undefined;
}

/**
 * True when the call runs once per item of a collection: in the body of a `for...of`/`for...in`
 * loop, a counted loop over `.length`/`.size`, or an array-iteration callback. Retry, polling and
 * paging loops (`while`, `do`, counted loops over a fixed bound) and `for await` over a message
 * stream are not per-item loops; nor is a call in a loop's header, which runs once.
 */
export function isInLoop(node: ts.Node): boolean {
  let child: ts.Node = node;
  let n: ts.Node | undefined = node.parent;
  while (n) {
    if ((ts.isForOfStatement(n) && !n.awaitModifier) || ts.isForInStatement(n)) {
      if (child === n.statement) return true;
    } else if (ts.isForStatement(n)) {
      if (child === n.statement && n.condition && /\.(length|size)\b/.test(n.condition.getText())) return true;
    }
    if (ts.isFunctionLike(n)) {
      const p = n.parent;
      if (p && ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && LOOP_CALLBACKS.has(p.expression.name.text) && p.arguments.includes(n as unknown as ts.Expression)) return true;
      if (!ts.isArrowFunction(n) && !ts.isFunctionExpression(n)) return false;
    }
    child = n;
    n = n.parent;
  }
  return false;
}

/** True when the call's observable is piped through an rxjs `timeout(...)`/`timeoutWith(...)` operator. */
export function hasRxTimeout(node: ts.Node): boolean {
  let n: ts.Node = node;
  for (let depth = 0; depth < 8 && n.parent; depth++) {
    const p: ts.Node = n.parent;
    if (ts.isPropertyAccessExpression(p) && p.expression === n && p.name.text === 'pipe' && ts.isCallExpression(p.parent)) {
      if (p.parent.arguments.some((a) => ts.isCallExpression(a) && /^timeout(With)?$/.test(calleeName(a.expression) ?? ''))) return true;
      n = p.parent;
      continue;
    }
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p)) {
      n = p;
      continue;
    }
    return false;
  }
  return false;
}

function calleeName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** True when a failure of the call is handled locally: a try with catch, or `.catch(...)` in its chain. */
export function isErrorHandled(node: ts.Node): boolean {
  let n: ts.Node = node;
  while (n.parent) {
    const p: ts.Node = n.parent;
    if (ts.isTryStatement(p) && p.tryBlock === n && p.catchClause) return true;
    if (ts.isPropertyAccessExpression(p) && p.expression === n && (p.name.text === 'catch' || (p.name.text === 'then' && ts.isCallExpression(p.parent) && p.parent.arguments.length > 1))) return true;
    if (ts.isPropertyAccessExpression(p) && p.expression === n && p.name.text === 'subscribe' && ts.isCallExpression(p.parent)) {
      const arg = p.parent.arguments[0];
      if (p.parent.arguments.length > 1 || (arg && ts.isObjectLiteralExpression(arg) && arg.properties.some((x) => x.name?.getText() === 'error'))) return true;
    }
    if (ts.isFunctionLike(p)) return false;
    n = p;
  }
  return false;
}
