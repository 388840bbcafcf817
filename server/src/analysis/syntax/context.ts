/**
 * What a detector sees of one file: the syntax tree and helpers to ask where values come from,
 * how a call's result is used and which function encloses it; and where it reports facts.
 */
import { ts } from 'ts-morph';
import type { CallFact, CallRef, ClientFact, EndpointFact, FileFacts, MountFact, StartFact, Sym } from '../facts';
import type { Style } from '../model';
import { hasRxTimeout, isErrorHandled, isInLoop, isReturnedToCaller, requestStyle } from './flow';
import { enclosingFunction, functionId, isFunctionNode, moduleFunctionId } from './functions';
import { findDeclaration, importBinding, type Origin, OriginResolver, unwrap } from './origin';
import { payloadMode, payloadUse, publishedShape } from './payload';
import { evalSym } from './values';

/** A decorator's name and call arguments (`@Get(':id')` → Get, [':id']). */
export interface DecoratorInfo {
  name: string;
  args: readonly ts.Expression[];
  node: ts.Decorator;
}

/** Per-file helper handed to detectors. */
export class FileContext {
  readonly origins: OriginResolver;

  constructor(
    readonly file: string,
    readonly sf: ts.SourceFile,
    readonly text: string,
    readonly facts: FileFacts,
  ) {
    this.origins = new OriginResolver(sf, (e) => evalSym(e));
  }

  /** Where the value of `expr` comes from. */
  origin(expr: ts.Expression): Origin {
    return this.origins.of(expr);
  }

  /** The static value of a string expression. */
  sym(expr: ts.Expression | undefined): Sym | undefined {
    return expr ? evalSym(expr) : undefined;
  }

  /** 1-based position of a node. */
  loc(node: ts.Node): { line: number; column: number; endLine: number; endColumn: number } {
    const s = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    const e = this.sf.getLineAndCharacterOfPosition(node.getEnd());
    return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  }

  /** The id of the function that contains `node`. */
  functionOf(node: ts.Node): string {
    const fn = enclosingFunction(node);
    return fn ? functionId(this.file, fn, this.sf) : moduleFunctionId(this.file);
  }

  /** The id of a function-like node. */
  idOf(fn: ts.Node): string {
    return functionId(this.file, fn, this.sf);
  }

  /** Style of a request-like call from how its result is used. */
  style(call: ts.Expression): Style {
    return requestStyle(call);
  }

  /**
   * A function reference for a handler argument: an inline function's id, a local function's id,
   * or an import reference resolved at link time (`@import:<module>:<name>[.member]`).
   */
  handlerRef(expr: ts.Expression | undefined, at: ts.Node): string {
    if (!expr) return this.functionOf(at);
    const e = unwrap(expr);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return this.idOf(e);
    if (ts.isIdentifier(e)) {
      const decl = findDeclaration(e.text, e);
      const imp = decl ? importBinding(decl) : undefined;
      if (imp) return `@import:${imp.module}:${imp.name}`;
      return `${this.file}#${e.text}`;
    }
    if (ts.isPropertyAccessExpression(e)) {
      // controller.create / this.handle / ordersController.list.bind(x)
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const cls = enclosingClassName(e);
        return `${this.file}#${cls ? `${cls}.` : ''}${e.name.text}`;
      }
      const o = this.origin(e.expression);
      if (o.kind === 'import') return `@import:${o.module}:${o.name}${o.path.length ? '.' + o.path.join('.') : ''}.${e.name.text}`;
      if (o.kind === 'new' && o.ctor.kind === 'import') return `@import:${o.ctor.module}:${o.ctor.name}.${e.name.text}`;
      if (o.kind === 'new' && o.ctor.kind === 'local') return `${this.file}#${o.ctor.name}.${e.name.text}`;
      if (ts.isIdentifier(e.expression)) return `${this.file}#${e.expression.text}.${e.name.text}`;
    }
    if (ts.isCallExpression(e)) {
      // wrappers such as asyncHandler(fn) or fn.bind(this): the last function argument
      if (ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'bind') return this.handlerRef(e.expression.expression, at);
      const last = e.arguments[e.arguments.length - 1];
      if (last) return this.handlerRef(last, at);
    }
    return this.functionOf(at);
  }

  /** Decorators of a node with their names and arguments. */
  decorators(node: ts.Node): DecoratorInfo[] {
    if (!ts.canHaveDecorators(node)) return [];
    return (ts.getDecorators(node) ?? []).map((d) => {
      const e = d.expression;
      if (ts.isCallExpression(e)) {
        const name = ts.isIdentifier(e.expression) ? e.expression.text : ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : e.expression.getText();
        return { name, args: e.arguments, node: d };
      }
      return { name: ts.isIdentifier(e) ? e.text : e.getText(), args: [], node: d };
    });
  }

  /** Reports a remote call, publish or data access at `node`. */
  addCall(node: ts.Node, fact: Omit<CallFact, 'line' | 'column' | 'endLine' | 'endColumn' | 'function' | 'traits' | 'style'> & { style?: Style; traits?: CallFact['traits'] }): void {
    const traits = { inLoop: isInLoop(node), errorHandled: isErrorHandled(node), ...fact.traits };
    // an rxjs timeout operator bounds the wait whatever the client library
    if (!traits.hasTimeout && fact.role === 'request' && hasRxTimeout(node)) traits.hasTimeout = true;
    if (!fact.style && isReturnedToCaller(node as ts.Expression)) traits.returned = true;
    // what a publish sends, for the event-contract rule (a detector may have said it already)
    const payload = fact.role === 'publish' && !fact.payload && ts.isCallExpression(node) ? publishedShape(node) : undefined;
    this.facts.calls.push({
      ...fact,
      ...(payload ? { payload } : {}),
      style: fact.style ?? this.style(node as ts.Expression),
      ...this.loc(node),
      function: this.functionOf(node),
      traits,
    });
  }

  addEndpoint(node: ts.Node, fact: Omit<EndpointFact, 'line' | 'column'>): void {
    const { line, column } = this.loc(node);
    // what a message handler in this file does with its payload (fields read, validated or not)
    const fn = fact.kind === 'message' && !fact.payload ? this.functionNode(fact.handler, node) : undefined;
    const payload = fn ? payloadUse(fn, payloadMode(fact.framework, fact.mechanism)) : undefined;
    this.facts.endpoints.push({ ...fact, ...(payload ? { payload } : {}), line, column });
  }

  private functionNodes: Map<string, ts.Node[]> | undefined;

  /**
   * The function-like node of this file with the given id; when two share it (inline callbacks
   * under the same property name), the one inside or nearest after `near`.
   */
  functionNode(id: string, near?: ts.Node): ts.Node | undefined {
    if (!id.startsWith(`${this.file}#`)) return undefined;
    if (!this.functionNodes) {
      const map = new Map<string, ts.Node[]>();
      const visit = (n: ts.Node): void => {
        if (isFunctionNode(n) && n.body) {
          const key = this.idOf(n);
          (map.get(key) ?? map.set(key, []).get(key)!).push(n);
        }
        ts.forEachChild(n, visit);
      };
      visit(this.sf);
      this.functionNodes = map;
    }
    const nodes = this.functionNodes.get(id) ?? [];
    if (nodes.length <= 1 || !near) return nodes[0];
    const start = near.getStart(this.sf);
    return nodes.find((n) => n.pos >= near.pos && n.end <= near.end) ?? nodes.find((n) => n.getStart(this.sf) >= start) ?? nodes[0];
  }

  addMount(fact: MountFact): void {
    this.facts.mounts.push(fact);
  }

  addClient(fact: ClientFact): void {
    this.facts.clients.push(fact);
  }

  addStart(node: ts.Node, fact: Omit<StartFact, 'line'>): void {
    this.facts.starts.push({ ...fact, line: this.loc(node).line });
  }

  /** An id for a variable that holds a router, app or client instance (`file#name`). */
  instanceId(expr: ts.Expression): string | undefined {
    const e = unwrap(expr);
    if (ts.isIdentifier(e)) return `${this.file}#${e.text}`;
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClassName(e);
      return `${this.file}#${cls ? cls + '.' : ''}${e.name.text}`;
    }
    return undefined;
  }

  /** The in-process call a call expression makes, for the call graph. */
  callRef(call: ts.CallExpression | ts.NewExpression): CallRef | undefined {
    const callee = unwrap(call.expression);
    if (ts.isIdentifier(callee)) {
      const decl = findDeclaration(callee.text, callee);
      if (!decl) return undefined;
      const imp = importBinding(decl);
      if (imp) return imp.module.startsWith('.') || imp.module.startsWith('@') || imp.module.includes('/') || !isBuiltinish(imp.module) ? { k: 'named', module: imp.module, name: imp.name } : undefined;
      if (ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl)) return { k: 'named', name: callee.text };
      if (ts.isVariableDeclaration(decl)) return { k: 'named', name: callee.text };
      return undefined;
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const member = callee.name.text;
      const obj = unwrap(callee.expression);
      if (obj.kind === ts.SyntaxKind.ThisKeyword) return { k: 'this', member };
      if (obj.kind === ts.SyntaxKind.SuperKeyword) return { k: 'this', member };
      const o = this.origin(obj);
      if (o.kind === 'type') return o.module !== undefined ? { k: 'typed', module: o.module, type: o.typeName, member } : { k: 'typed', type: o.typeName, member };
      if (o.kind === 'new') {
        if (o.ctor.kind === 'import' && o.ctor.path.length === 0) return { k: 'typed', module: o.ctor.module, type: o.ctor.name, member };
        if (o.ctor.kind === 'local' || (o.ctor.kind === 'global' && ts.isIdentifier(unwrap((o.expr as ts.NewExpression).expression)))) return { k: 'typed', type: unwrap(o.expr.expression).getText(), member };
      }
      if (o.kind === 'import' && o.path.length === 0) return { k: 'named', module: o.module, name: o.name === '*' ? member : o.name, ...(o.name === '*' ? {} : { member }) };
      if (o.kind === 'local' && ts.isIdentifier(obj)) {
        const decl = o.decl;
        if (ts.isClassDeclaration(decl)) return { k: 'named', name: obj.text, member };
        if (ts.isVariableDeclaration(decl)) return { k: 'named', name: obj.text, member };
      }
      // a method of a JavaScript or Node global (`Object.keys`, `console.log`, `Promise.all`) is never code of the workspace
      if (o.kind === 'global' && ts.isIdentifier(obj) && !BUILTIN_GLOBALS.has(obj.text)) return { k: 'named', name: obj.text, member };
    }
    return undefined;
  }
}

/** Globals of JavaScript and Node whose methods are built in: a call on one is not an in-process call of the workspace. */
const BUILTIN_GLOBALS = new Set(['Object', 'Math', 'console', 'Date', 'Number', 'Promise', 'JSON', 'Array', 'String', 'Boolean', 'Symbol', 'Reflect', 'BigInt', 'Intl', 'Buffer', 'Error', 'RegExp', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Atomics', 'crypto', 'performance', 'URL', 'URLSearchParams']);

const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'util', 'crypto', 'events', 'stream', 'url', 'http', 'https', 'child_process', 'assert', 'buffer', 'zlib', 'net', 'tls', 'dns', 'querystring', 'readline', 'timers', 'worker_threads', 'cluster', 'process']);

function isBuiltinish(mod: string): boolean {
  return NODE_BUILTINS.has(mod) || mod.startsWith('node:');
}

function enclosingClassName(node: ts.Node): string | undefined {
  let n: ts.Node | undefined = node.parent;
  while (n) {
    if ((ts.isClassDeclaration(n) || ts.isClassExpression(n)) && n.name) return n.name.text;
    n = n.parent;
  }
  return undefined;
}
