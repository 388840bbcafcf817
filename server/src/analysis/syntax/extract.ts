/**
 * Extracts one file's facts in a single walk of its syntax tree: declarations (imports, exports,
 * constants, classes, functions and their in-process calls) and whatever the detectors report.
 */
import { createHash } from 'node:crypto';
import { ts } from 'ts-morph';
import type { Detector } from '../detectors/detector';
import { type CallRef, type CallSite, emptyFacts, type ClassFact, type FileFacts, type FunctionFact, type Sym } from '../facts';
import { FileContext } from './context';
import { siteFlow } from './flow';
import { isErrorHandled, isInLoop } from './flow';
import { functionName, isFunctionNode, moduleFunctionId } from './functions';
import { importBinding, typeRefName, unwrap } from './origin';
import { endOfFile } from './per-file';
import { evalArg, evalSym } from './values';

/** Content hash used as the cache key of a file's facts. */
export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Parses a file; the tree has parent pointers. */
export function parseFile(file: string, text: string): ts.SourceFile {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(file));
  setParents(sf);
  return sf;
}

/**
 * Sets every node's `parent`, as `createSourceFile(…, setParentNodes: true)` does, but without its
 * generic work queue and without the JSDoc nodes, which nothing here reads: TypeScript's own pass
 * was 8 % of extraction. Iterative: trees nested deeper than the call stack must not overflow it.
 */
function setParents(root: ts.Node): void {
  const stack: ts.Node[] = [root];
  const bind = (child: ts.Node): void => {
    (child as { parent: ts.Node }).parent = parent;
    stack.push(child);
  };
  let parent: ts.Node = root;
  while (stack.length) {
    parent = stack.pop()!;
    ts.forEachChild(parent, bind);
  }
}

/** Extracts the facts of one file with the given detectors (`hash`: the text's, when the caller has it already). */
export function extractFacts(file: string, text: string, detectors: readonly Detector[], hash = hashText(text)): FileFacts {
  try {
    return extractFactsOf(file, text, detectors, hash);
  } finally {
    endOfFile();
  }
}

function extractFactsOf(file: string, text: string, detectors: readonly Detector[], hash: string): FileFacts {
  const facts = emptyFacts(file, hash);
  const sf = parseFile(file, text);
  const diagnostics = (sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) {
    const d = diagnostics[0]!;
    const pos = sf.getLineAndCharacterOfPosition(d.start ?? 0);
    facts.messages.push(`syntax error at ${pos.line + 1}:${pos.character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (analysed what could be parsed)`);
  }
  const active = detectors.filter((d) => d.applies(text));
  const ctx = new FileContext(file, sf, text, facts);
  collectDeclarations(sf, ctx);
  for (const d of active) if (d.onFile) safely(ctx, d.id, () => d.onFile!(sf, ctx));
  walkFunctions(sf, ctx, active);
  return facts;
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** Imports, exports, constants and class shapes: the file's declarations. */
function collectDeclarations(sf: ts.SourceFile, ctx: FileContext): void {
  const f = ctx.facts;
  const addConst = (name: string, value: Sym): void => {
    if (value.k !== 'unknown') f.consts[name] = value;
  };
  const flattenObject = (prefix: string, obj: ts.ObjectLiteralExpression, depth: number): void => {
    if (depth > 4) return;
    let spreads = 0;
    for (const p of obj.properties) {
      if (ts.isSpreadAssignment(p)) {
        // `{ ...TicketSubjects }`: members are looked up in the spread object at link time
        const inner = unwrap(p.expression);
        if (!ts.isIdentifier(inner)) continue;
        const v = evalSym(inner);
        f.consts[`${prefix}.<spread${spreads++}>`] = v.k === 'ref' ? v : { k: 'ref', name: inner.text, path: [] };
        continue;
      }
      if (!ts.isPropertyAssignment(p) || !p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
      const init = unwrap(p.initializer);
      const key = `${prefix}.${p.name.text}`;
      if (ts.isObjectLiteralExpression(init)) flattenObject(key, init, depth + 1);
      else addConst(key, evalSym(init));
    }
  };
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      for (const decl of [c.name ? c : undefined, c.namedBindings && ts.isNamespaceImport(c.namedBindings) ? c.namedBindings : undefined, ...(c.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : [])]) {
        if (!decl) continue;
        const b = importBinding(decl);
        const local = ts.isImportClause(decl) ? decl.name!.text : decl.name.text;
        if (b) f.imports[local] = b;
      }
    } else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      // side-effect import: still a dependency for attribution
      f.imports[`<side-effect:${st.moduleSpecifier.text}>`] = { module: st.moduleSpecifier.text, name: '*' };
    } else if (ts.isImportEqualsDeclaration(st)) {
      const b = importBinding(st);
      if (b) f.imports[st.name.text] = b;
    } else if (ts.isExportDeclaration(st)) {
      const mod = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      if (st.exportClause && ts.isNamedExports(st.exportClause)) {
        const names: Record<string, string> = {};
        for (const el of st.exportClause.elements) names[el.name.text] = (el.propertyName ?? el.name).text;
        if (mod) f.reexports.push({ module: mod, names });
        else Object.assign(f.exports, names);
      } else if (st.exportClause && ts.isNamespaceExport(st.exportClause) && mod) {
        // `export * as helpers from './helpers'`: a name bound to the whole module
        const ns = st.exportClause.name.text;
        f.imports[ns] = { module: mod, name: '*' };
        f.exports[ns] = ns;
      } else if (mod) {
        f.reexports.push({ module: mod });
      }
    } else if (ts.isExportAssignment(st)) {
      const e = unwrap(st.expression);
      f.exports.default = ts.isIdentifier(e) ? e.text : '<default>';
      if (!ts.isIdentifier(e)) addConst('<default>', evalSym(e));
    } else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      commonJsExport(st.expression, f, addConst);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        requireImports(d, f);
        if (!ts.isIdentifier(d.name)) continue;
        const name = d.name.text;
        if (isExported(st)) f.exports[name] = name;
        if (!d.initializer) continue;
        const init = unwrap(d.initializer);
        if (ts.isObjectLiteralExpression(init)) flattenObject(name, init, 0);
        else addConst(name, evalSym(init));
        // `export const OrderCreated = defineEvent({ subject: Subjects.OrderCreated, ... })`: a definition
        // object made by a factory keeps the fields it was given, so `OrderCreated.subject` reads them
        if (ts.isCallExpression(init) && init.arguments.length === 1) {
          const arg0 = unwrap(init.arguments[0]!);
          if (ts.isObjectLiteralExpression(arg0)) flattenObject(name, arg0, 0);
        }
      }
    } else if (ts.isEnumDeclaration(st)) {
      if (isExported(st)) f.exports[st.name.text] = st.name.text;
      st.members.forEach((m, i) => {
        const key = `${st.name.text}.${m.name.getText().replace(/^['"]|['"]$/g, '')}`;
        addConst(key, m.initializer ? evalSym(m.initializer) : { k: 'lit', v: String(i) });
      });
    } else if (ts.isFunctionDeclaration(st) && st.name) {
      if (isExported(st)) f.exports[isDefault(st) ? 'default' : st.name.text] = st.name.text;
    } else if (ts.isClassDeclaration(st)) {
      const name = st.name?.text ?? 'default';
      if (isExported(st)) f.exports[isDefault(st) ? 'default' : name] = name;
      f.classes.push(classFact(st, name, isExported(st), ctx));
    }
  }
}

/** `module.exports = { a, b: c }`, `module.exports = x`, `exports.a = …`, `module.exports.a = …`. */
function commonJsExport(e: ts.BinaryExpression, f: FileFacts, addConst: (name: string, value: Sym) => void): void {
  const left = e.left.getText();
  const right = unwrap(e.right);
  if (left === 'module.exports') {
    if (ts.isObjectLiteralExpression(right)) {
      for (const p of right.properties) {
        if (ts.isShorthandPropertyAssignment(p)) f.exports[p.name.text] = p.name.text;
        else if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
          const init = unwrap(p.initializer);
          if (ts.isIdentifier(init)) f.exports[p.name.text] = init.text;
          else {
            f.exports[p.name.text] = p.name.text;
            addConst(p.name.text, evalSym(init));
          }
        }
      }
    } else if (ts.isIdentifier(right)) f.exports.default = right.text;
    return;
  }
  const m = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(left);
  if (m) {
    const name = m[1]!;
    if (ts.isIdentifier(right)) f.exports[name] = right.text;
    else {
      f.exports[name] = name;
      addConst(name, evalSym(right));
    }
  }
}

/** `const x = require('m')` / `const { a, b: c } = require('m')` as imports. */
function requireImports(d: ts.VariableDeclaration, f: FileFacts): void {
  const init = d.initializer ? unwrap(d.initializer) : undefined;
  if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') return;
  const arg = init.arguments[0];
  if (!arg || !ts.isStringLiteralLike(arg)) return;
  if (ts.isIdentifier(d.name)) f.imports[d.name.text] = { module: arg.text, name: '*' };
  else if (ts.isObjectBindingPattern(d.name)) {
    for (const el of d.name.elements) {
      if (!ts.isIdentifier(el.name)) continue;
      const prop = el.propertyName && (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName)) ? el.propertyName.text : el.name.text;
      f.imports[el.name.text] = { module: arg.text, name: prop };
    }
  }
}

function classFact(cls: ts.ClassDeclaration, name: string, exported: boolean, ctx: FileContext): ClassFact {
  const fact: ClassFact = { name, line: ctx.loc(cls).line, exported, fields: {}, values: {}, methods: [], decorators: ctx.decorators(cls).map((d) => d.name) };
  const impl = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ImplementsKeyword)?.types.map((t) => t.expression.getText().split('.').pop()!);
  if (impl?.length) fact.implements = impl;
  if ((ts.getModifiers(cls) ?? []).some((m) => m.kind === ts.SyntaxKind.AbstractKeyword)) fact.abstract = true;
  const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (ext) {
    const e = unwrap(ext.expression);
    const base = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
    if (base) {
      const imp = ctx.facts.imports[base];
      fact.extends = imp ? { module: imp.module, name: imp.name === 'default' || imp.name === '*' ? base : imp.name } : { name: base };
      if (imp && imp.name === 'default') fact.extends = { module: imp.module, name: 'default' };
    }
  }
  const fieldType = (type: ts.TypeNode | undefined, node: ts.Node): { module?: string; type: string; token?: Sym } | undefined => {
    const t = typeRefName(type);
    if (!t) return undefined;
    const imp = ctx.facts.imports[t.name];
    const out: { module?: string; type: string; token?: Sym } = { type: imp && imp.name !== 'default' && imp.name !== '*' ? imp.name : t.name };
    if (imp) out.module = imp.module;
    for (const d of ctx.decorators(node)) {
      if (/^Inject/.test(d.name) && d.args[0]) out.token = evalSym(d.args[0]);
    }
    return out;
  };
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && m.name) {
      const key = m.name.getText();
      const t = fieldType(m.type, m);
      if (t) fact.fields[key] = t;
      if (m.initializer) {
        const v = evalSym(m.initializer);
        if (v.k !== 'unknown') fact.values[key] = v;
        const init = unwrap(m.initializer);
        if (!t && ts.isNewExpression(init) && ts.isIdentifier(init.expression)) {
          const imp = ctx.facts.imports[init.expression.text];
          fact.fields[key] = imp ? { module: imp.module, type: imp.name === 'default' || imp.name === '*' ? init.expression.text : imp.name } : { type: init.expression.text };
        }
      }
    } else if (ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters) {
        if (!ts.isIdentifier(p.name)) continue;
        const t = fieldType(p.type, p);
        if (t) fact.fields[p.name.text] = t;
      }
      // this.subject = Subjects.X in the constructor
      m.body?.statements.forEach((s) => {
        if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const l = s.expression.left;
          if (ts.isPropertyAccessExpression(l) && l.expression.kind === ts.SyntaxKind.ThisKeyword) {
            const v = evalSym(s.expression.right);
            if (v.k !== 'unknown') fact.values[l.name.text] = v;
          }
        }
      });
    } else if ((ts.isMethodDeclaration(m) || ts.isGetAccessor(m)) && m.name) {
      const key = m.name.getText();
      fact.methods.push(key);
      // get subject() { return Subjects.X }
      if (ts.isGetAccessor(m) && m.body) {
        const ret = m.body.statements.find(ts.isReturnStatement);
        if (ret?.expression) {
          const v = evalSym(ret.expression);
          if (v.k !== 'unknown') fact.values[key] = v;
        }
      }
    }
  }
  return fact;
}

/** Walks the tree once: functions and their calls, and the detectors' hooks. */
function walkFunctions(sf: ts.SourceFile, ctx: FileContext, detectors: readonly Detector[]): void {
  const file = ctx.file;
  const top: FunctionFact = { id: moduleFunctionId(file), name: '<module>', line: 1, calls: [], nested: [] };
  ctx.facts.functions.push(top);
  const stack: FunctionFact[] = [top];
  const onCall = detectors.filter((d) => d.onCall);
  const onNew = detectors.filter((d) => d.onNew);
  const onClass = detectors.filter((d) => d.onClass);
  let depth = 0;
  const visit = (node: ts.Node): void => {
    // deeply nested generated code: stop descending rather than overflow the stack
    if (depth > 400) return;
    let pushed = false;
    if (isFunctionNode(node) && (node as ts.FunctionLikeDeclaration).body) {
      const id = ctx.idOf(node);
      const named = functionName(node);
      const fn: FunctionFact = { id, name: named?.name ?? '<anonymous>', line: ctx.loc(node).line, calls: [], nested: [] };
      if (named?.className) fn.className = named.className;
      // arrow functions see the `this` of the method around them: `this.x()` inside a callback calls the class's x
      else if (ts.isArrowFunction(node) && stack[stack.length - 1]!.className) fn.className = stack[stack.length - 1]!.className!;
      const returns = returnedSym(node as ts.FunctionLikeDeclaration);
      if (returns) fn.returns = returns;
      if (isInlineFunction(node)) fn.inline = true;
      if (isErrorHandled(node)) fn.guarded = true;
      stack[stack.length - 1]!.nested.push(id);
      ctx.facts.functions.push(fn);
      stack.push(fn);
      pushed = true;
    }
    if (ts.isCallExpression(node)) {
      const ref = ctx.callRef(node);
      if (ref) stack[stack.length - 1]!.calls.push(withArgs(ref, node, ctx));
      for (const d of onCall) safely(ctx, d.id, () => d.onCall!(node, ctx));
    } else if (ts.isNewExpression(node)) {
      const ref = ctx.callRef(node);
      if (ref && ref.k === 'named') stack[stack.length - 1]!.calls.push({ ...ref, member: 'constructor' });
      for (const d of onNew) safely(ctx, d.id, () => d.onNew!(node, ctx));
    } else if (ts.isClassDeclaration(node)) {
      for (const d of onClass) safely(ctx, d.id, () => d.onClass!(node, ctx));
    }
    depth++;
    ts.forEachChild(node, visit);
    depth--;
    if (pushed) stack.pop();
  };
  visit(sf);
}

const INLINE_CALLBACKS = new Set(['map', 'forEach', 'flatMap', 'filter', 'reduce', 'some', 'every', 'find', 'findIndex', 'sort']);

/** A function expression its enclosing function runs in place: promise executor, iteration callback, IIFE. */
function isInlineFunction(node: ts.Node): boolean {
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return false;
  let p: ts.Node = node.parent;
  while (ts.isParenthesizedExpression(p)) p = p.parent;
  if (ts.isNewExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 'Promise') return true;
  if (ts.isCallExpression(p)) {
    if (unwrap(p.expression) === node || p.expression === node) return true;
    if (ts.isPropertyAccessExpression(p.expression) && INLINE_CALLBACKS.has(p.expression.name.text)) return true;
  }
  return false;
}

/** The value a function returns when one expression decides it: an arrow body or a single `return`. */
function returnedSym(fn: ts.FunctionLikeDeclaration): Sym | undefined {
  const body = fn.body;
  if (!body) return undefined;
  let expr: ts.Expression | undefined;
  if (!ts.isBlock(body)) expr = body;
  else {
    const returns = body.statements.filter(ts.isReturnStatement);
    if (returns.length === 1 && body.statements[body.statements.length - 1] === returns[0]) expr = returns[0]!.expression;
  }
  if (!expr) return undefined;
  const v = evalSym(expr);
  return v.k === 'unknown' ? undefined : v;
}

/** Adds the call's position and, when any is known statically, its argument values. */
function withArgs(ref: CallRef, call: ts.CallExpression, ctx: FileContext): CallSite {
  const { line, column } = ctx.loc(call);
  const site: CallSite = { ...ref, line, column };
  const flow = siteFlow(call);
  if (flow) site.flow = flow;
  // rules follow remote calls up through their in-process callers: N+1 loops and error handling there count
  if (isInLoop(call)) site.inLoop = true;
  if (isErrorHandled(call)) site.guarded = true;
  if (call.arguments.length && call.arguments.length <= 6) {
    const args = call.arguments.map((a) => evalArg(a));
    if (args.some((a) => a.k !== 'unknown')) site.args = args.map((a) => (a.k === 'unknown' ? { k: 'unknown', text: '' } : a));
  }
  return site;
}

function safely(ctx: FileContext, detector: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.facts.messages.push(`detector ${detector} failed: ${message}`);
  }
}
