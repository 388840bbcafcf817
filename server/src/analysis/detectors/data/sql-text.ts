/**
 * A small SQL reader: is a string a SQL statement, which tables does it read or write, which does
 * it create. Used on query strings in code, on migration files and again at link time for query
 * text that lives in another file. Plain text in, plain data out.
 */
import type { DataOp } from '../../facts';

/** A table a SQL statement touches and how. */
export interface SqlTable {
  name: string;
  schema?: string;
  op: DataOp;
}

/** What a SQL text does: the tables it reads or writes, and the tables it creates (DDL). */
export interface SqlReading {
  tables: SqlTable[];
  creates: { name: string; schema?: string }[];
}

const SQL_START = /^\s*(?:\(\s*)*(with|select|insert|update|delete|replace|merge|create|alter|upsert)\b/i;
const SQL_SHAPE: Record<string, RegExp> = {
  select: /\bfrom\s/i,
  insert: /\binto\s/i,
  replace: /\binto\s/i,
  upsert: /\binto\s/i,
  update: /\bset\s/i,
  delete: /\bfrom\s/i,
  merge: /\binto\s/i,
  create: /\btable\s/i,
  alter: /\btable\s/i,
  with: /\b(select|insert|update|delete)\b/i,
};

/** True when text looks like a SQL statement (verb and the keywords its shape needs). */
export function looksLikeSql(text: string): boolean {
  const t = stripSqlComments(text);
  const m = SQL_START.exec(t);
  if (!m) return false;
  const verb = m[1]!.toLowerCase();
  return SQL_SHAPE[verb]?.test(t) ?? false;
}

function stripSqlComments(text: string): string {
  return text.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}

const NOT_TABLES = new Set([
  'select',
  'lateral',
  'unnest',
  'dual',
  'only',
  'values',
  'set',
  'where',
  'as',
  'on',
  'using',
  'join',
  'inner',
  'left',
  'right',
  'full',
  'cross',
  'natural',
  'outer',
  'group',
  'order',
  'limit',
  'returning',
  'if',
  'not',
  'exists',
  'ignore',
  'low_priority',
  'delayed',
  'high_priority',
  'quick',
  'temporary',
  'temp',
  'unlogged',
  'table',
  'into',
  'from',
  'with',
  'recursive',
  'json_table',
  'generate_series',
  'jsonb_to_recordset',
  'json_to_recordset',
  'jsonb_array_elements',
  'json_array_elements',
  'now',
]);

type Token = { t: 'word' | 'ident' | 'punct' | 'string'; v: string };

function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  const re = /\s+|'(?:[^']|'')*'|"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|([A-Za-z_\u0000][A-Za-z0-9_$\u0000]*)|(\$\d+|\?|:\w+)|(.)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sql))) {
    if (/^\s+$/.test(m[0])) continue;
    if (m[0].startsWith("'")) out.push({ t: 'string', v: m[0] });
    else if (m[1] !== undefined) out.push({ t: 'ident', v: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'ident', v: m[2] });
    else if (m[3] !== undefined) out.push({ t: 'ident', v: m[3] });
    else if (m[4] !== undefined) out.push({ t: 'word', v: m[4] });
    else if (m[5] !== undefined) out.push({ t: 'punct', v: m[5] });
    else out.push({ t: 'punct', v: m[0] });
  }
  return out;
}

/** Reads a SQL text (one or more statements): tables read or written, tables created. */
export function readSql(text: string): SqlReading {
  const reading: SqlReading = { tables: [], creates: [] };
  const tokens = tokenize(stripSqlComments(text));
  const cte = new Set<string>();
  // statement verb per position: the most recent top-level verb decides what the target does
  let verb = '';
  const kw = (i: number): string => (tokens[i]?.t === 'word' ? tokens[i]!.v.toLowerCase() : '');
  const tableAt = (i: number, columnsMayFollow = false): { name: string; schema?: string; next: number } | undefined => {
    let j = i;
    while (['only', 'if', 'not', 'exists', 'ignore', 'low_priority', 'quick', 'temporary', 'temp', 'unlogged', 'lateral'].includes(kw(j))) j++;
    const first = tokens[j];
    if (!first || (first.t !== 'word' && first.t !== 'ident')) return undefined;
    if (first.t === 'word' && NOT_TABLES.has(first.v.toLowerCase())) return undefined;
    let name = first.v;
    let schema: string | undefined;
    j++;
    if (tokens[j]?.v === '.' && (tokens[j + 1]?.t === 'word' || tokens[j + 1]?.t === 'ident')) {
      schema = name;
      name = tokens[j + 1]!.v;
      j += 2;
      // db.schema.table (SQL Server) keeps the last two parts
      if (tokens[j]?.v === '.' && (tokens[j + 1]?.t === 'word' || tokens[j + 1]?.t === 'ident')) {
        schema = name;
        name = tokens[j + 1]!.v;
        j += 2;
      }
    }
    // a function call (generate_series(...)), not a table
    if (tokens[j]?.v === '(' && first.t === 'word' && !columnsMayFollow) return undefined;
    if (name.includes('\u0000') || (schema?.includes('\u0000') ?? false)) return { name: '\u0000', next: j };
    return { name, ...(schema ? { schema } : {}), next: j };
  };
  const push = (name: string, schema: string | undefined, op: DataOp): void => {
    if (name === '\u0000' || cte.has(name.toLowerCase())) return;
    if (schema && /^(information_schema|pg_catalog|sys|mysql|performance_schema)$/i.test(schema)) return;
    if (/^(pg_|sqlite_)/i.test(name)) return;
    reading.tables.push({ name, ...(schema ? { schema } : {}), op });
  };
  const skipAlias = (j: number): number => {
    if (kw(j) === 'as') return j + 2;
    const t = tokens[j];
    if (t && (t.t === 'ident' || (t.t === 'word' && !isClauseWord(t.v)))) return j + 1;
    return j;
  };
  for (let i = 0; i < tokens.length; i++) {
    const k = kw(i);
    if (!k) {
      if (tokens[i]!.v === ';') verb = '';
      continue;
    }
    if (k === 'with' && (verb === '' || tokens[i - 1]?.v === '(')) {
      // WITH name AS (...), name2 AS (...)
      let j = i + 1;
      if (kw(j) === 'recursive') j++;
      while (tokens[j] && (tokens[j]!.t === 'word' || tokens[j]!.t === 'ident')) {
        cte.add(tokens[j]!.v.toLowerCase());
        // skip to the matching parenthesis after AS
        let depth = 0;
        let k2 = j + 1;
        for (; k2 < tokens.length; k2++) {
          if (tokens[k2]!.v === '(') depth++;
          else if (tokens[k2]!.v === ')') {
            depth--;
            if (depth === 0) break;
          }
        }
        if (tokens[k2 + 1]?.v === ',') j = k2 + 2;
        else break;
      }
      continue;
    }
    // the statement's verb: the first one seen since the statement began
    if (verb === '' && ['select', 'insert', 'update', 'delete', 'replace', 'merge', 'create', 'alter', 'upsert'].includes(k)) verb = k;
    if (k === 'create') {
      let j = i + 1;
      while (['or', 'replace', 'temporary', 'temp', 'unlogged', 'global', 'local'].includes(kw(j))) j++;
      if (kw(j) === 'table') {
        const t = tableAt(j + 1, true);
        if (t && t.name !== '\u0000') reading.creates.push({ name: t.name, ...(t.schema ? { schema: t.schema } : {}) });
      }
      continue;
    }
    // ALTER TABLE changes a table someone else may have created: not a declaration
    if (k === 'alter' && kw(i + 1) === 'table') continue;
    if (k === 'into' && ['insert', 'replace', 'upsert', 'merge'].includes(verb)) {
      const t = tableAt(i + 1, true);
      if (t) push(t.name, t.schema, verb === 'merge' ? 'update' : 'create');
      continue;
    }
    if (k === 'update' && !['for', 'key', 'do', 'on', 'no'].includes(kw(i - 1)) && (verb === 'update' || tokens[i - 1]?.v === '(')) {
      const t = tableAt(i + 1);
      if (t) push(t.name, t.schema, 'update');
      continue;
    }
    if (k === 'delete' && kw(i + 1) === 'from') {
      const t = tableAt(i + 2);
      if (t) push(t.name, t.schema, 'delete');
      i += 1;
      continue;
    }
    if (k === 'from' || k === 'join' || (k === 'using' && verb === 'delete')) {
      if (tokens[i + 1]?.v === '(') continue;
      let j = i + 1;
      for (let guard = 0; guard < 20; guard++) {
        const t = tableAt(j);
        if (!t) break;
        push(t.name, t.schema, 'read');
        j = skipAlias(t.next);
        if (tokens[j]?.v !== ',' || k === 'join') break;
        j++;
      }
    }
  }
  return reading;
}

function isClauseWord(w: string): boolean {
  return /^(where|join|inner|left|right|full|cross|natural|outer|on|using|group|order|limit|offset|having|union|except|intersect|returning|set|values|for|window|fetch|into|select|from|and|or|when|then|else|end|lateral)$/i.test(
    w,
  );
}
