/**
 * Tokenizes text with the architecture-file grammar the way VS Code does (vscode-textmate with the
 * Oniguruma WebAssembly build), and renders tokens as a readable snapshot:
 *
 *     > allow * -> ledger event
 *       ^^^^^ keyword.control.allow.switchboard
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createOnigScanner, createOnigString, loadWASM } from 'vscode-oniguruma';
import { type IGrammar, INITIAL, type IRawGrammar, parseRawGrammar, Registry } from 'vscode-textmate';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const GRAMMAR_JSON = path.join(REPO, 'syntaxes', 'switchboard.tmLanguage.json');

let grammar: Promise<IGrammar> | undefined;

/** The grammar, loaded once per test process from the generated JSON. */
export function loadGrammar(json = GRAMMAR_JSON): Promise<IGrammar> {
  grammar ??= (async () => {
    const wasm = fs.readFileSync(path.join(REPO, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    const registry = new Registry({
      onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
      loadGrammar: async (scope): Promise<IRawGrammar | null> => (scope === 'source.switchboard' ? parseRawGrammar(fs.readFileSync(json, 'utf8'), json) : null),
    });
    const g = await registry.loadGrammar('source.switchboard');
    if (!g) throw new Error('the grammar did not load');
    return g;
  })();
  return grammar;
}

/** One token: its text, where it starts on its line, and its scopes without the root scope. */
export interface Token {
  line: number;
  start: number;
  text: string;
  scopes: string[];
}

/** Tokenizes `text` line by line, carrying the rule stack across lines as the editor does. */
export async function tokenize(text: string): Promise<Token[]> {
  const g = await loadGrammar();
  let stack = INITIAL;
  const out: Token[] = [];
  text.split(/\r?\n/).forEach((line, n) => {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      out.push({ line: n, start: t.startIndex, text: piece, scopes: t.scopes.filter((s) => s !== 'source.switchboard') });
    }
    stack = r.ruleStack;
  });
  return out;
}

/** A snapshot of the tokens: each line, then one row per token that is not bare whitespace. */
export async function snapshot(text: string): Promise<string> {
  const tokens = await tokenize(text);
  const lines = text.split(/\r?\n/);
  const rows: string[] = [];
  lines.forEach((line, n) => {
    rows.push(`> ${line}`);
    for (const t of tokens.filter((x) => x.line === n)) {
      if (!t.text.trim() && !t.scopes.some((s) => !s.startsWith('meta.'))) continue;
      rows.push(`  ${' '.repeat(t.start)}${'^'.repeat(Math.max(1, t.text.length))} ${t.scopes.join(' ') || '(none)'}`);
    }
  });
  return rows.join('\n') + '\n';
}
