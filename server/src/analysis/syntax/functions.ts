/**
 * Function identity: every function-like node gets a stable id (`file#Class.method`,
 * `file#name`, `file#<fn@line:col>`); top-level code belongs to `file#<module>`.
 */
import { ts } from 'ts-morph';

/** The id of top-level code of a file. */
export function moduleFunctionId(file: string): string {
  return `${file}#<module>`;
}

/** A readable name of a function-like node, or undefined for anonymous ones. */
export function functionName(fn: ts.Node): { name: string; className?: string } | undefined {
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn) || ts.isSetAccessor(fn)) && fn.name) {
    const cls = fn.parent;
    const className = (ts.isClassDeclaration(cls) || ts.isClassExpression(cls)) && cls.name ? cls.name.text : undefined;
    const name = fn.name.getText();
    if (className) return { name: `${className}.${name}`, className };
    // object-literal methods: `const handlers = { onOrder() {} }` → handlers.onOrder
    const owner = objectOwnerName(cls);
    return { name: owner ? `${owner}.${name}` : name };
  }
  if (ts.isConstructorDeclaration(fn)) {
    const cls = fn.parent;
    if (cls.name) return { name: `${cls.name.text}.constructor`, className: cls.name.text };
  }
  if (ts.isFunctionDeclaration(fn) && fn.name) return { name: fn.name.text };
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const p = fn.parent;
    if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return { name: p.name.text };
    if (ts.isPropertyDeclaration(p) && p.name) {
      const cls = p.parent;
      if ((ts.isClassDeclaration(cls) || ts.isClassExpression(cls)) && cls.name) return { name: `${cls.name.text}.${p.name.getText()}`, className: cls.name.text };
    }
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
      const owner = objectOwnerName(p.parent);
      return { name: owner ? `${owner}.${p.name.text}` : p.name.text };
    }
    // `export default async (data) => {...}`: the name the file's exports give it
    if (ts.isExportAssignment(p)) return { name: '<default>' };
  }
  return undefined;
}

function objectOwnerName(obj: ts.Node): string | undefined {
  if (!ts.isObjectLiteralExpression(obj)) return undefined;
  const p = obj.parent;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
    const up = objectOwnerName(p.parent);
    return up ? `${up}.${p.name.text}` : p.name.text;
  }
  return undefined;
}

/** True for nodes that start a new function scope. */
export function isFunctionNode(n: ts.Node): n is ts.FunctionLikeDeclaration {
  // one switch rather than seven tests: the walk asks this of every node
  switch (n.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

/** The id of a function-like node. */
export function functionId(file: string, fn: ts.Node, sf: ts.SourceFile): string {
  const named = functionName(fn);
  if (named) return `${file}#${named.name}`;
  const pos = sf.getLineAndCharacterOfPosition(fn.getStart(sf));
  return `${file}#<fn@${pos.line + 1}:${pos.character + 1}>`;
}

/** The innermost function-like node around `node`, or undefined at top level. */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  let n: ts.Node | undefined = node.parent;
  while (n) {
    if (isFunctionNode(n)) return n;
    n = n.parent;
  }
  return undefined;
}
