/**
 * Message payloads, for the event rules: the top-level fields a publish call sends, and what a
 * message handler does with what it receives — which fields it reads, and whether it validates
 * the payload (zod, class-validator, joi, yup, ajv, io-ts, typebox, manual `typeof` checks) before
 * using it. Pure functions over syntax; FileContext calls them when detectors report publish calls
 * and message endpoints, so every messaging detector gets them without doing anything.
 */
import { ts } from 'ts-morph';
import type { PayloadShape, PayloadUse } from '../facts';
import { isFunctionNode } from './functions';
import { findDeclaration, unwrap } from './origin';

const MAX_DEPTH = 6;

// ---------------------------------------------------------------- what a publisher sends

/** Calls that serialize a value on its way out: JSON.stringify(x), Buffer.from(x), codec.encode(x). */
function serialized(e: ts.Expression): ts.Expression | undefined {
  const u = unwrap(e);
  if (!ts.isCallExpression(u) || !u.arguments[0]) return undefined;
  const callee = u.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  if (name === 'stringify' || name === 'from' || name === 'encode' || name === 'serialize' || name === 'toBuffer') {
    const inner = u.arguments[0];
    return serialized(inner) ?? inner;
  }
  return undefined;
}

/** Keys under which envelope objects carry the message body (kafka `value`, SNS `Message`, ...). */
const BODY_KEYS = new Set(['value', 'Message', 'MessageBody', 'data', 'body', 'payload', 'content', 'Detail']);

/** Finds the payload expression inside a publish call's arguments. */
function payloadExpression(call: ts.CallExpression): ts.Expression | undefined {
  // a serialized value anywhere in the arguments (object literals and arrays included) wins
  const search = (e: ts.Expression, depth: number): ts.Expression | undefined => {
    if (depth > 4) return undefined;
    const s = serialized(e);
    if (s) return s;
    const u = unwrap(e);
    if (ts.isObjectLiteralExpression(u)) {
      for (const p of u.properties) if (ts.isPropertyAssignment(p)) {
        const hit = search(p.initializer, depth + 1);
        if (hit) return hit;
      }
    } else if (ts.isArrayLiteralExpression(u)) {
      for (const el of u.elements) {
        const hit = search(el, depth + 1);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  for (const a of call.arguments) {
    const hit = search(a, 0);
    if (hit) return hit;
  }
  // an envelope object: { topic, messages: [{ value }] }, { TopicArn, Message }
  const envelope = (e: ts.Expression, depth: number): ts.Expression | undefined => {
    const u = unwrap(e);
    if (depth > 3) return undefined;
    if (ts.isObjectLiteralExpression(u)) {
      for (const p of u.properties) {
        if (ts.isPropertyAssignment(p) && BODY_KEYS.has(p.name.getText().replace(/['"]/g, ''))) return p.initializer;
      }
      for (const p of u.properties) if (ts.isPropertyAssignment(p)) {
        const hit = envelope(p.initializer, depth + 1);
        if (hit) return hit;
      }
    } else if (ts.isArrayLiteralExpression(u) && u.elements[0]) return envelope(u.elements[0], depth + 1);
    return undefined;
  };
  for (const a of call.arguments) {
    const hit = envelope(a, 0);
    if (hit) return hit;
  }
  // emit(pattern, data), publish(subject, data), add(name, data): the argument after the channel
  return call.arguments.length >= 2 ? call.arguments[1] : undefined;
}

/** The members of a type: a literal type, or an interface / type alias declared in the same file. */
function typeShape(type: ts.TypeNode | undefined, at: ts.Node, depth: number): PayloadShape | undefined {
  if (!type || depth > MAX_DEPTH) return undefined;
  if (ts.isTypeLiteralNode(type)) return membersShape(type.members);
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const name = type.typeName.text;
    const sf = at.getSourceFile();
    for (const st of sf.statements) {
      if (ts.isInterfaceDeclaration(st) && st.name.text === name) {
        const shape = membersShape(st.members);
        return st.heritageClauses?.length ? { ...shape, open: true } : shape;
      }
      if (ts.isTypeAliasDeclaration(st) && st.name.text === name) return typeShape(st.type, st, depth + 1);
      if (ts.isClassDeclaration(st) && st.name?.text === name) {
        const fields = st.members.filter((m) => ts.isPropertyDeclaration(m) && m.name).map((m) => m.name!.getText());
        return st.heritageClauses?.length ? { fields, open: true } : { fields };
      }
    }
  }
  return undefined;
}

function membersShape(members: ts.NodeArray<ts.TypeElement>): PayloadShape {
  const fields: string[] = [];
  let open = false;
  for (const m of members) {
    if ((ts.isPropertySignature(m) || ts.isMethodSignature(m)) && m.name) fields.push(m.name.getText().replace(/['"]/g, ''));
    else open = true; // index signatures and the like: anything may be sent
  }
  return open ? { fields, open } : { fields };
}

/** The top-level fields of a value: an object literal, a constant holding one, a typed variable or parameter. */
export function valueShape(expr: ts.Expression, depth = 0): PayloadShape | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = unwrap(expr);
  const inner = serialized(e);
  if (inner) return valueShape(inner, depth + 1);
  if (ts.isObjectLiteralExpression(e)) {
    const fields: string[] = [];
    let open = false;
    for (const p of e.properties) {
      if (ts.isSpreadAssignment(p)) {
        const spread = valueShape(p.expression, depth + 1);
        if (spread) fields.push(...spread.fields);
        if (!spread || spread.open) open = true;
      } else if (p.name && !ts.isComputedPropertyName(p.name)) fields.push(p.name.getText().replace(/['"]/g, ''));
      else open = true;
    }
    return open ? { fields: [...new Set(fields)], open } : { fields: [...new Set(fields)] };
  }
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e.text, e);
    if (!decl) return undefined;
    if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) {
      return typeShape(decl.type, decl, depth + 1) ?? (decl.initializer ? valueShape(decl.initializer, depth + 1) : undefined);
    }
    if (ts.isParameter(decl) && ts.isIdentifier(decl.name)) return typeShape(decl.type, decl, depth + 1);
  }
  return undefined;
}

/** The shape of what a publish call sends; undefined when it cannot be told (the rules then assume anything). */
export function publishedShape(call: ts.CallExpression): PayloadShape | undefined {
  const expr = payloadExpression(call);
  return expr ? valueShape(expr) : undefined;
}

// ---------------------------------------------------------------- what a consumer does with it

/** How a framework hands the payload to its handler. */
export type PayloadMode =
  /** The handler's payload parameter is the deserialized body (NestJS `@Payload()`, golevelup, Listener.onMessage). */
  | 'param'
  /** The handler gets an envelope; the body is what is parsed out of it (kafkajs, amqplib, NATS, Redis, SQS). */
  | 'envelope'
  /** The handler gets a job whose `data` is the body (Bull, BullMQ). */
  | 'job';

/** The payload mode of a framework or mechanism. */
export function payloadMode(framework: string, mechanism?: string): PayloadMode {
  if (framework === 'nestjs' || framework.includes('golevelup') || framework === 'node-nats-streaming' || framework === '@nestjs/microservices') return 'param';
  if (mechanism === 'bullmq' || mechanism === 'bull' || framework.includes('bull')) return 'job';
  return 'envelope';
}

/** Receivers whose `.parse(...)` is not validation. */
const NOT_VALIDATORS = new Set(['Object', 'JSON', 'Date', 'URL', 'url', 'qs', 'querystring', 'path', 'yaml', 'YAML', 'csv', 'Number', 'BigInt', 'parser', 'cookie', 'semver']);

/** Methods that validate their argument (zod, joi, yup, ajv, class-validator, io-ts, typebox, superstruct). */
// (not `decode` or `check`: codecs, decoders and rate limiters use those names too)
const VALIDATOR_METHODS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validate', 'validateSync', 'validateAsync', 'validateOrReject', 'isValid', 'isValidSync', 'assert', 'is', 'Check', 'Parse', 'Decode', 'create', 'mask']);

/** Validators that return the validated body itself (the others return a result object or errors). */
const BODY_RETURNING = new Set(['parse', 'parseAsync', 'Parse', 'Decode', 'create', 'mask', 'cast']);

/** Method results that carry the validated body: zod's safeParse → .data, joi's validate → .value. */
const RESULT_BODY_KEYS = new Set(['data', 'value']);

/** Logging calls: handing the body to them is not using or delegating it. */
const LOGGERS = /^(log|info|debug|warn|warning|error|trace|fatal|verbose)$/;

function isValidatorCall(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const recv = unwrap(callee.expression);
    if (ts.isIdentifier(recv) && NOT_VALIDATORS.has(recv.text)) return false;
    if (callee.name.text === 'create' || callee.name.text === 'mask') return ts.isIdentifier(recv) && /struct|schema/i.test(recv.text);
    return VALIDATOR_METHODS.has(callee.name.text);
  }
  if (ts.isIdentifier(callee)) return /^(validate|assert[A-Z]|is[A-Z]|check[A-Z]|ensure[A-Z])/.test(callee.text);
  return false;
}

/** Does the statement leave the handler (return, throw, continue, break), directly or as its block's last word? */
function exits(st: ts.Statement): boolean {
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st) || ts.isContinueStatement(st) || ts.isBreakStatement(st)) return true;
  if (ts.isBlock(st)) return st.statements.some((x) => exits(x));
  return false;
}

/** Is the node an argument (at any depth) of a logging call? */
function insideLogging(n: ts.Node): boolean {
  let p: ts.Node | undefined = n.parent;
  for (let i = 0; p && i < 6; i++, p = p.parent) {
    if (ts.isCallExpression(p)) return LOGGERS.test(calleeName(p));
    if (ts.isStatement(p)) return false;
  }
  return false;
}

function calleeName(call: ts.CallExpression): string {
  const c = unwrap(call.expression);
  return ts.isPropertyAccessExpression(c) ? c.name.text : ts.isIdentifier(c) ? c.text : '';
}

/** Nest pipes named in a decorator list: `@UsePipes(new ValidationPipe())`, `@Payload(SomePipe)`. */
function hasPipe(node: ts.Node, decoratorNames: readonly string[]): boolean {
  if (!ts.canHaveDecorators(node)) return false;
  for (const d of ts.getDecorators(node) ?? []) {
    const e = d.expression;
    if (!ts.isCallExpression(e)) continue;
    const name = ts.isIdentifier(e.expression) ? e.expression.text : '';
    if (!decoratorNames.includes(name)) continue;
    if (e.arguments.some((a) => /Pipe\b/.test(a.getText()))) return true;
  }
  return false;
}

interface Scan {
  /** Declarations (parameters, variables) whose value is the message or its envelope. */
  messages: Set<ts.Node>;
  /** Declarations whose value is the body. */
  bodies: Set<ts.Node>;
  /** Declarations whose value is a validator's result (the body under .data/.value). */
  results: Set<ts.Node>;
}

/** The declaration an identifier refers to, when it is one of `set`. */
function refersTo(id: ts.Identifier, set: Set<ts.Node>): boolean {
  if (!set.size) return false;
  const d = findDeclaration(id.text, id);
  if (!d) return false;
  if (set.has(d)) return true;
  // destructured parameters and variables: the declaration is the whole parameter
  return false;
}

function mentions(node: ts.Node, set: Set<ts.Node>): boolean {
  let hit = false;
  const visit = (n: ts.Node): void => {
    if (hit) return;
    if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) && refersTo(n, set)) hit = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return hit;
}

/**
 * What a handler does with the payload it receives. `root` is the handler function; for a
 * `for await (const msg of subscription)` loop inside it the loop variable is the message.
 */
export function payloadUse(root: ts.Node, mode: PayloadMode): PayloadUse | undefined {
  if (!isFunctionNode(root) || !root.body) return undefined;
  const scan: Scan = { messages: new Set(), bodies: new Set(), results: new Set() };
  let validated = false;
  if (mode === 'param') {
    const params = root.parameters.filter((p) => !(ts.canHaveDecorators(p) && (ts.getDecorators(p) ?? []).some((d) => /^Ctx|^Context/.test(d.expression.getText()))));
    const payload = params.find((p) => ts.canHaveDecorators(p) && (ts.getDecorators(p) ?? []).some((d) => /^Payload|^Body|^Data/.test(d.expression.getText()))) ?? params[0];
    if (!payload) return undefined;
    scan.bodies.add(payload);
    // NestJS pipes on the parameter, the method or its class validate before the handler runs
    if (hasPipe(payload, ['Payload', 'Body', 'Data'])) validated = true;
    if (hasPipe(root, ['UsePipes'])) validated = true;
    const cls = root.parent;
    if (cls && (ts.isClassDeclaration(cls) || ts.isClassExpression(cls)) && hasPipe(cls, ['UsePipes'])) validated = true;
  } else {
    for (const p of root.parameters) {
      if (ts.isIdentifier(p.name) && /^(err|error|e|_)$/.test(p.name.text)) continue;
      scan.messages.add(p);
    }
    // for await (const msg of subscription) { ... }
    const loops = (n: ts.Node): void => {
      if (ts.isForOfStatement(n) && n.awaitModifier && ts.isVariableDeclarationList(n.initializer)) for (const d of n.initializer.declarations) scan.messages.add(d);
      if (n !== root && isFunctionNode(n)) return;
      ts.forEachChild(n, loops);
    };
    loops(root.body);
    if (!scan.messages.size) return undefined;
  }

  const reads = new Set<string>();
  let open = false;
  let delegated = false;
  let first: ts.Node | undefined;
  let firstReal: ts.Node | undefined;
  const note = (n: ts.Node): void => {
    if (!first || n.getStart() < first.getStart()) first = n;
    // the first use that is not just logging the payload is where it starts to matter
    if (!insideLogging(n) && (!firstReal || n.getStart() < firstReal.getStart())) firstReal = n;
  };
  /** A variable made from the payload (`const dto = plainToInstance(Dto, message)`): validating it validates the payload. */
  const derived = (e: ts.Expression): boolean => {
    const u = unwrap(e);
    if (!ts.isIdentifier(u)) return false;
    const d = findDeclaration(u.text, u);
    return !!d && ts.isVariableDeclaration(d) && !!d.initializer && (mentions(d.initializer, scan.messages) || mentions(d.initializer, scan.bodies) || containsBody(d.initializer));
  };
  const containsBody = (e: ts.Node): boolean => {
    let hit = false;
    const v = (x: ts.Node): void => {
      if (hit) return;
      if (ts.isExpression(x) && isBody(x)) hit = true;
      else ts.forEachChild(x, v);
    };
    v(e);
    return hit;
  };

  /** Is `e` the body: a body variable, a parsed message, a validator result's .data? */
  const isBody = (expr: ts.Expression): boolean => {
    const e = unwrap(expr);
    if (ts.isIdentifier(e)) return refersTo(e, scan.bodies);
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return isBody(e.left);
    if (ts.isCallExpression(e)) {
      const name = calleeName(e);
      const c = unwrap(e.expression);
      // JSON.parse(<anything from the message>)
      if (name === 'parse' && ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) && c.expression.text === 'JSON' && e.arguments[0] && mentions(e.arguments[0], scan.messages)) return true;
      // msg.json() (NATS)
      if (name === 'json' && ts.isPropertyAccessExpression(c) && ts.isIdentifier(unwrap(c.expression)) && refersTo(unwrap(c.expression) as ts.Identifier, scan.messages)) return true;
      // what zod's parse (and its kin) return is the validated body itself
      if (BODY_RETURNING.has(name) && isValidatorCall(e) && e.arguments.some((a) => mentions(a, scan.messages) || mentions(a, scan.bodies) || isBody(a))) return true;
      return false;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const recv = unwrap(e.expression);
      // job.data (Bull)
      if (mode === 'job' && e.name.text === 'data' && ts.isIdentifier(recv) && refersTo(recv, scan.messages)) return true;
      // parsed.data / result.value of a validator result
      if (RESULT_BODY_KEYS.has(e.name.text) && ts.isIdentifier(recv) && refersTo(recv, scan.results)) return true;
    }
    return false;
  };

  // one pass in source order is enough for the usual `const x = parse(...)` then `x.field` code;
  // a second pass picks up aliases that the first pass learnt late
  for (let pass = 0; pass < 2; pass++) {
    const visit = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) && n.initializer) {
        const init = unwrap(n.initializer);
        if (ts.isCallExpression(init) && isValidatorCall(init) && init.arguments.some((a) => mentions(a, scan.messages) || mentions(a, scan.bodies) || isBody(a))) {
          if (ts.isIdentifier(n.name)) scan.results.add(n);
        }
        if (isBody(n.initializer)) {
          if (ts.isIdentifier(n.name)) scan.bodies.add(n);
          else if (ts.isObjectBindingPattern(n.name)) {
            for (const el of n.name.elements) {
              if (el.dotDotDotToken) open = true;
              else reads.add((el.propertyName ?? el.name).getText());
            }
          }
        }
      }
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && isBody(n.right)) {
        const d = findDeclaration(n.left.text, n.left);
        if (d) scan.bodies.add(d);
      }
      if (ts.isCallExpression(n)) {
        if (isValidatorCall(n) && n.arguments.some((a) => mentions(a, scan.messages) || mentions(a, scan.bodies) || isBody(a) || derived(a))) validated = true;
        // Array.isArray(body.items), Number.isInteger(body.n): manual checks
        if (/^is[A-Z]/.test(calleeName(n)) && n.arguments.some((a) => mentions(a, scan.bodies) || isBody(a))) validated = true;
      }
      if (ts.isTypeOfExpression(n) && (mentions(n.expression, scan.bodies) || isBody(n.expression))) validated = true;
      // a guard clause on the payload (`if (!event.orderId) return;`, `if (msg.x == null) throw ...`) is a manual check
      if (ts.isIfStatement(n) && exits(n.thenStatement) && (mentions(n.expression, scan.bodies) || containsBody(n.expression))) validated = true;
      const declaredName = ts.isIdentifier(n) && (ts.isVariableDeclaration(n.parent) || ts.isParameter(n.parent) || ts.isBindingElement(n.parent)) && n.parent.name === n;
      if (!declaredName && ts.isExpression(n) && isBody(n)) {
        note(n);
        const p = n.parent;
        if (ts.isPropertyAccessExpression(p) && p.expression === n) reads.add(p.name.text);
        else if (ts.isElementAccessExpression(p) && p.expression === n) {
          if (ts.isStringLiteralLike(p.argumentExpression)) reads.add(p.argumentExpression.text);
          else open = true;
        } else if (ts.isCallExpression(p) && p.arguments.includes(n as ts.Expression)) {
          if (!isValidatorCall(p) && !LOGGERS.test(calleeName(p))) {
            delegated = true;
            open = true;
          }
        } else if (ts.isSpreadAssignment(p) || ts.isSpreadElement(p) || ts.isReturnStatement(p) || ts.isShorthandPropertyAssignment(p) || ts.isPropertyAssignment(p)) {
          open = true;
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(root.body);
  }
  if (!first) return validated ? { validated: true, reads: [] } : undefined;
  const pos = root.getSourceFile().getLineAndCharacterOfPosition(((firstReal ?? first) as ts.Node).getStart());
  const use: PayloadUse = { reads: [...reads].sort(), line: pos.line + 1, column: pos.character + 1 };
  if (validated) use.validated = true;
  // handed whole to other code that may validate it: only a parameter-style body (a NestJS DTO) stays unvalidated
  else if (!delegated || mode === 'param') use.validated = false;
  if (open) use.open = true;
  return use;
}
