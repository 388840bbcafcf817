/**
 * The safe edit behind the missing-timeout quick fix: give an HTTP call a timeout in the form its
 * library expects (fetch: an abort signal; axios/HttpService/ky: `timeout`; got: `timeout.request`).
 */
import { ts } from 'ts-morph';
import { parseFile } from '../syntax/extract';
import { unwrap } from '../syntax/origin';

/** A text edit, 1-based like the rest of the model; an insertion has equal start and end. */
export interface TextEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

const CONFIG_INDEX: Record<string, number> = { get: 1, delete: 1, head: 1, options: 1, post: 2, put: 2, patch: 2 };

function findCall(sf: ts.SourceFile, line: number, column: number): ts.CallExpression | undefined {
  const pos = sf.getPositionOfLineAndCharacter(line - 1, column - 1);
  let found: ts.CallExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && n.getStart(sf) === pos) {
      found = n;
      return;
    }
    if (n.getStart(sf) <= pos && pos < n.getEnd()) ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

function at(sf: ts.SourceFile, offset: number, newText: string): TextEdit {
  const p = sf.getLineAndCharacterOfPosition(offset);
  return { line: p.line + 1, column: p.character + 1, endLine: p.line + 1, endColumn: p.character + 1, newText };
}

/** Inserts `prop` into an object literal argument, or appends a new argument. */
function intoObject(sf: ts.SourceFile, obj: ts.ObjectLiteralExpression, prop: string): TextEdit {
  if (obj.properties.length === 0) {
    const p = sf.getLineAndCharacterOfPosition(obj.getStart(sf));
    const e = sf.getLineAndCharacterOfPosition(obj.getEnd());
    return { line: p.line + 1, column: p.character + 1, endLine: e.line + 1, endColumn: e.character + 1, newText: `{ ${prop} }` };
  }
  return at(sf, obj.getStart(sf) + 1, ` ${prop},`);
}

/** The edit that adds a timeout to the call starting at line:column, or undefined when no safe edit exists. */
export function addTimeoutEdit(text: string, file: string, line: number, column: number, library: string, ms = 5000): TextEdit | undefined {
  const sf = parseFile(file, text);
  const call = findCall(sf, line, column);
  if (!call) return undefined;
  const args = call.arguments;
  const lastEnd = args.length ? args[args.length - 1]!.getEnd() : undefined;
  if (library === 'fetch' || library === 'node-fetch' || library === 'cross-fetch' || library === 'isomorphic-fetch') {
    const prop = `signal: AbortSignal.timeout(${ms})`;
    if (args.length === 1) return at(sf, lastEnd!, `, { ${prop} }`);
    const init = args[1] ? unwrap(args[1]) : undefined;
    return init && ts.isObjectLiteralExpression(init) ? intoObject(sf, init, prop) : undefined;
  }
  const prop = library === 'got' ? `timeout: { request: ${ms} }` : `timeout: ${ms}`;
  if (!['axios', '@nestjs/axios', 'got', 'ky'].includes(library)) return undefined;
  const callee = unwrap(call.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  // axios(config) / axios.request(config) / got(url, options)
  let index = method ? CONFIG_INDEX[method] : library === 'axios' ? 0 : 1;
  if (library === 'got' || library === 'ky') index = 1;
  if (index === undefined) return undefined;
  const config = args[index] ? unwrap(args[index]!) : undefined;
  if (config) return ts.isObjectLiteralExpression(config) ? intoObject(sf, config, prop) : undefined;
  if (args.length === index) return at(sf, lastEnd!, `, { ${prop} }`);
  if (args.length === index - 1 && index === 2) return at(sf, lastEnd!, `, undefined, { ${prop} }`);
  return undefined;
}

/** Applies edits to a text (for tests and previews). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (line: number, col: number): number => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1;
  const sorted = [...edits].sort((a, b) => offset(b.line, b.column) - offset(a.line, a.column));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.line, e.column)) + e.newText + out.slice(offset(e.endLine, e.endColumn));
  return out;
}
