/**
 * Reading object and array literals the way detectors need them: option objects passed to a
 * client factory, schemas, routers, handler maps. One copy for every detector, so that every
 * library's options are read with the same rules (a `const` holding the literal is followed,
 * quoted and shorthand keys count, methods are properties too).
 */
import { ts } from 'ts-morph';
import { findDeclaration, unwrap } from './origin';

/** How many `const a = b` hops are followed to reach a literal. */
const MAX_HOPS = 4;

/**
 * The object literal behind an expression: the literal itself (through parentheses, `as`, `!`)
 * or the initialiser of a variable declared in scope, followed through a few `const a = b` hops.
 */
export function objectOf(expr: ts.Expression | undefined, depth = 0): ts.ObjectLiteralExpression | undefined {
  if (!expr || depth > MAX_HOPS) return undefined;
  const e = unwrap(expr);
  if (ts.isObjectLiteralExpression(e)) return e;
  const init = initializerOf(e);
  return init ? objectOf(init, depth + 1) : undefined;
}

/** The elements of the array literal behind an expression (following variables like `objectOf`). */
export function arrayOf(expr: ts.Expression | undefined, depth = 0): readonly ts.Expression[] | undefined {
  if (!expr || depth > MAX_HOPS) return undefined;
  const e = unwrap(expr);
  if (ts.isArrayLiteralExpression(e)) return e.elements;
  const init = initializerOf(e);
  return init ? arrayOf(init, depth + 1) : undefined;
}

/**
 * The static text of a property name: `a`, `'a'`, `1`, `#a` and `` `a` ``; undefined for a
 * computed name (`[key]`), whose value is not known here.
 */
export function propertyName(n: ts.PropertyName | undefined): string | undefined {
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isPrivateIdentifier(n) || ts.isNoSubstitutionTemplateLiteral(n))
    return n.text;
  return undefined;
}

/**
 * The value of `key` in the object literal behind `obj` (see `objectOf`): the initialiser of
 * `key: value`, the name of a shorthand `{ key }` (so its origin can be read), or the method
 * declaration itself for `key() {}` (callers that want a handler take it as a function node).
 */
export function prop(obj: ts.Expression | undefined, key: string): ts.Expression | undefined {
  const o = objectOf(obj);
  if (!o) return undefined;
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && propertyName(p.name) === key) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
    if (ts.isMethodDeclaration(p) && propertyName(p.name) === key) return p as unknown as ts.Expression;
  }
  return undefined;
}

/** True when the object literal behind `obj` has any of the keys. */
export function hasProp(obj: ts.Expression | undefined, ...keys: string[]): boolean {
  return keys.some((k) => prop(obj, k) !== undefined);
}

/** One property of an object literal: its static key, its node, and its value (none for a method). */
export type ObjectEntry = [key: string, node: ts.ObjectLiteralElementLike, value: ts.Expression | undefined];

/**
 * The properties with a static key of the object literal behind `obj`, in source order:
 * `key: value` and `{ key }` with their value expression, `key() {}` with none. Spreads,
 * accessors and computed keys are left out.
 */
export function entries(obj: ts.Expression | undefined): ObjectEntry[] {
  const o = objectOf(obj);
  if (!o) return [];
  const out: ObjectEntry[] = [];
  for (const p of o.properties) {
    const key = propertyName(p.name);
    if (key === undefined) continue;
    if (ts.isPropertyAssignment(p)) out.push([key, p, p.initializer]);
    else if (ts.isMethodDeclaration(p)) out.push([key, p, undefined]);
    else if (ts.isShorthandPropertyAssignment(p)) out.push([key, p, p.name]);
  }
  return out;
}

/** The receiver (unwrapped) and method name of a call `recv.method(...)`, or undefined for any other callee. */
export function memberCall(call: ts.CallExpression): { recv: ts.Expression; method: string } | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  return { recv: unwrap(callee.expression), method: callee.name.text };
}

/** The initialiser of the variable an identifier names, when it is declared in scope with one. */
function initializerOf(e: ts.Expression): ts.Expression | undefined {
  if (!ts.isIdentifier(e)) return undefined;
  const decl = findDeclaration(e.text, e);
  return decl && ts.isVariableDeclaration(decl) && decl.initializer ? decl.initializer : undefined;
}
