/**
 * Formatting of architecture files: one statement per line, the columns of consecutive statements
 * of the same kind aligned (allow and deny together), trailing comments aligned within such a
 * block, no indentation, single blank lines, one newline at the end. A file with syntax errors is
 * left alone (formatting it could lose what the user is in the middle of typing).
 */
import type { Statement } from './ast';
import { parseArchitecture } from './parser';

type Group = 'service' | 'data' | 'access' | 'limit' | 'rule';

function groupOf(s: Statement): Group {
  return s.kind === 'allow' || s.kind === 'deny' ? 'access' : s.kind;
}

/** The columns of a statement, each as it will be printed. */
function columns(s: Statement, text: string): string[] {
  const raw = (r: { range: { start: { offset: number }; end: { offset: number } } }): string => text.slice(r.range.start.offset, r.range.end.offset);
  switch (s.kind) {
    case 'service': {
      const out = ['service', s.name ? raw(s.name) : '', 'at', s.path ? raw(s.path) : ''];
      if (s.hosts.length) out.push(`hosts ${s.hosts.map(raw).join(', ')}`);
      return out;
    }
    case 'data':
      return ['data', s.name ? raw(s.name) : '', 'owned by', s.owner ? raw(s.owner) : ''];
    case 'allow':
    case 'deny': {
      const out = [s.kind, s.from ? raw(s.from) : '', '->', s.to ? raw(s.to) : ''];
      if (s.styles.length) out.push(s.styles.map(raw).join(', '));
      return out;
    }
    case 'limit':
      return ['limit', s.name ? raw(s.name) : '', s.value ? raw(s.value) : ''];
    case 'rule':
      return ['rule', s.id ? raw(s.id) : '', s.level ? raw(s.level) : ''];
  }
}

/** One line of the output being built. */
type Line = { kind: 'blank' } | { kind: 'comment'; text: string } | { kind: 'statement'; group: Group; cols: string[]; comment?: string };

/** The formatted text, or undefined when the file has syntax errors. */
export function formatArchitecture(text: string): string | undefined {
  const ast = parseArchitecture(text);
  if (ast.errors.length) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const sourceLines = text.split(/\r?\n/);
  const byLine = new Map<number, Statement>();
  for (const s of ast.statements) byLine.set(s.range.start.line, s);
  const commentByLine = new Map<number, string>();
  for (const c of ast.comments) commentByLine.set(c.range.start.line, c.text.trimEnd());

  const lines: Line[] = [];
  sourceLines.forEach((src, i) => {
    const n = i + 1;
    const s = byLine.get(n);
    const comment = commentByLine.get(n);
    if (s) lines.push({ kind: 'statement', group: groupOf(s), cols: columns(s, text), ...(comment ? { comment } : {}) });
    else if (comment) lines.push({ kind: 'comment', text: comment });
    else if (!src.trim()) lines.push({ kind: 'blank' });
  });

  // blocks: runs of statements of one group; comment lines inside a run do not end it
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.kind !== 'statement') {
      if (line.kind === 'comment') out.push(line.text);
      else if (out.length && out[out.length - 1] !== '') out.push('');
      i++;
      continue;
    }
    let j = i;
    const block: number[] = [];
    while (j < lines.length) {
      const l = lines[j]!;
      if (l.kind === 'statement' && l.group === line.group) block.push(j);
      else if (l.kind !== 'comment') break;
      j++;
    }
    // trailing comment lines after the last statement belong after the block, not inside it
    const last = block[block.length - 1]!;
    const rows = block.map((k) => lines[k] as Extract<Line, { kind: 'statement' }>);
    const widths: number[] = [];
    for (const r of rows) r.cols.forEach((c, k) => (widths[k] = Math.max(widths[k] ?? 0, c.length)));
    const render = (r: Extract<Line, { kind: 'statement' }>): string =>
      r.cols
        .map((c, k) => (k < r.cols.length - 1 ? c.padEnd(widths[k]!) : c))
        .join(' ')
        .trimEnd();
    const rendered = rows.map(render);
    const commentAt = Math.max(0, ...rows.map((r, k) => (r.comment ? rendered[k]!.length : 0)));
    for (let k = i; k <= last; k++) {
      const l = lines[k]!;
      if (l.kind === 'comment') {
        out.push(l.text);
        continue;
      }
      const idx = block.indexOf(k);
      const r = rows[idx]!;
      out.push(r.comment ? `${rendered[idx]!.padEnd(commentAt)} ${r.comment}` : rendered[idx]!);
    }
    i = last + 1;
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? out.join(eol) + eol : '';
}
