#!/usr/bin/env node
// Builds syntaxes/switchboard.tmLanguage.json from syntaxes/switchboard.tmLanguage.yaml: replaces
// each {{variable}} with its value under `variables`, drops `variables`, and marks the output as
// generated. Run by esbuild.mjs (so by `npm run build`); `--check` fails when the JSON is stale.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GRAMMAR_SOURCE = path.join(root, 'syntaxes', 'switchboard.tmLanguage.yaml');
export const GRAMMAR_OUTPUT = path.join(root, 'syntaxes', 'switchboard.tmLanguage.json');

/** The generated JSON text of the grammar. */
export function grammarJson(yamlText = fs.readFileSync(GRAMMAR_SOURCE, 'utf8')) {
  const source = parse(yamlText);
  const variables = source.variables ?? {};
  delete source.variables;
  const expand = (value) => {
    if (typeof value === 'string') {
      return value.replace(/\{\{(\w+)\}\}/g, (whole, name) => {
        if (!(name in variables)) throw new Error(`${path.basename(GRAMMAR_SOURCE)}: unknown variable {{${name}}}`);
        return variables[name];
      });
    }
    if (Array.isArray(value)) return value.map(expand);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)]));
    return value;
  };
  const grammar = { $comment: 'Generated from switchboard.tmLanguage.yaml by scripts/build-grammar.mjs; do not edit by hand.', ...expand(source) };
  return JSON.stringify(grammar, null, 2) + '\n';
}

/** Writes the JSON when it changed; returns true when it did. */
export function buildGrammar() {
  const json = grammarJson();
  const current = fs.existsSync(GRAMMAR_OUTPUT) ? fs.readFileSync(GRAMMAR_OUTPUT, 'utf8') : '';
  if (current === json) return false;
  fs.writeFileSync(GRAMMAR_OUTPUT, json);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(GRAMMAR_OUTPUT) ? fs.readFileSync(GRAMMAR_OUTPUT, 'utf8') : '';
    if (current !== grammarJson()) {
      console.error('syntaxes/switchboard.tmLanguage.json is out of date: run `node scripts/build-grammar.mjs`');
      process.exit(1);
    }
  } else if (buildGrammar()) {
    console.log('wrote syntaxes/switchboard.tmLanguage.json');
  }
}
