/**
 * Does the caller look at a fetch-like response's status before using it? fetch resolves on
 * 404 and 500 alike, so a body read without checking `ok`/`status` takes an error page for data.
 */
import { ts } from 'ts-morph';
import { findDeclaration, unwrap } from './origin';

const STATUS_FIELDS = new Set(['ok', 'status', 'statusCode', 'statusText']);

/**
 * True when the response's status is checked, false when the response is used or dropped without
 * a check, undefined when it leaves the caller's hands (returned, passed to a helper) and the
 * check may happen elsewhere.
 */
export function responseChecked(call: ts.CallExpression): boolean | undefined {
  let n: ts.Node = call;
  while (n.parent && (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent))) n = n.parent;
  const p = n.parent;
  if (!p) return undefined;
  // `(await fetch(u)).json()`: the body without a look at the status
  if (ts.isPropertyAccessExpression(p) && p.expression === n) {
    const name = p.name.text;
    if (STATUS_FIELDS.has(name)) return true;
    if (name === 'then' && ts.isCallExpression(p.parent) && p.parent.expression === p) return callbackChecks(p.parent.arguments[0]);
    return false;
  }
  if (ts.isExpressionStatement(p)) return false;
  if (ts.isVariableDeclaration(p) && p.initializer === n) {
    if (ts.isObjectBindingPattern(p.name)) return p.name.elements.some((e) => STATUS_FIELDS.has((e.propertyName ?? e.name).getText()));
    if (ts.isIdentifier(p.name)) return variableChecked(p.name, p);
    return undefined;
  }
  // returned, passed on, put in an array for Promise.all: the check may be elsewhere
  return undefined;
}

/** `.then((res) => ...)`: does the callback look at the status (or hand the response on)? */
function callbackChecks(cb: ts.Expression | undefined): boolean | undefined {
  const f = cb ? unwrap(cb) : undefined;
  if (!f || !(ts.isArrowFunction(f) || ts.isFunctionExpression(f))) return undefined;
  const param = f.parameters[0];
  if (!param) return false;
  if (ts.isObjectBindingPattern(param.name)) return param.name.elements.some((e) => STATUS_FIELDS.has((e.propertyName ?? e.name).getText()));
  if (!ts.isIdentifier(param.name)) return undefined;
  return usesChecked(param.name.text, f.body, param);
}

function variableChecked(name: ts.Identifier, decl: ts.VariableDeclaration): boolean | undefined {
  let scope: ts.Node | undefined = decl.parent;
  while (scope && !ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
  if (!scope) return undefined;
  return usesChecked(name.text, scope, decl);
}

/**
 * Reads the uses of a response variable: a status field anywhere → checked; passed whole to
 * another function or returned → undefined (maybe checked there); otherwise unchecked.
 */
function usesChecked(name: string, scope: ts.Node, decl: ts.Node): boolean | undefined {
  let checked = false;
  let escapes = false;
  const visit = (node: ts.Node): void => {
    if (checked) return;
    if (ts.isIdentifier(node) && node.text === name && node.parent !== decl) {
      const d = findDeclaration(name, node);
      if (d === decl) {
        const parent = node.parent;
        if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
          if (STATUS_FIELDS.has(parent.name.text)) checked = true;
        } else if (ts.isCallExpression(parent) && parent.arguments.includes(node)) {
          escapes = true;
        } else if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) {
          escapes = true;
        } else if (ts.isShorthandPropertyAssignment(parent) || ts.isPropertyAssignment(parent)) {
          escapes = true;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  if (checked) return true;
  return escapes ? undefined : false;
}
