/**
 * The outputs of `switchboard diff`: text for a person, JSON for tools, Markdown for a pull request.
 */
import { visibleText } from '../../../../protocol/src/display';
import { mdCode, mdText } from '../report/markdown-util';
import type { Changes, Dependent, DiffChannel, DiffEndpoint, DiffField, DiffInteraction, ModelDiff } from './compare';

/** What the diff compared: the ref as the user wrote it and the commit it names. */
export interface DiffBase {
  ref: string;
  commit: string;
}

/** One line of text per change, in the words of each format. */
interface Words {
  code: (s: string) => string;
  text: (s: string) => string;
}

// names from the analysed code reach a terminal: no line breaks, terminal escapes or reordering characters, no endless lines
const plain = (s: string): string => visibleText(s.replace(/[\r\n\t]+/g, ' '), 1000);
const PLAIN: Words = { code: (s) => `\`${plain(s)}\``, text: plain };
const MARKDOWN: Words = { code: mdCode, text: mdText };

const where = (w: Words, x: { file: string; line: number }): string => (x.file ? w.text(`${x.file}:${x.line}`) : '');

function dependents(w: Words, list: Dependent[] | undefined): string {
  return (list ?? []).map((d) => `${w.text(d.service)}${d.file ? ` (${where(w, d)} ${d.how})` : ''}`).join(', ');
}

function interaction(w: Words, i: DiffInteraction): string {
  const to = i.callees.length ? i.callees.map(w.text).join(', ') : '?';
  return `${w.text(i.service)} → ${to}  ${i.style}  ${w.code(`${i.mechanism} ${i.target}`)}  (${where(w, i)})`;
}

function endpoint(w: Words, e: DiffEndpoint, removed: boolean): string {
  const line = `${w.text(e.service)} ${w.code(e.label)} (${where(w, e)}${removed ? ' in the base' : ''})`;
  return e.dependents?.length ? `${line} — still called by: ${dependents(w, e.dependents)}` : line;
}

function channel(w: Words, c: DiffChannel, removed: boolean): string {
  const line = `${w.code(c.name)} (${w.text(c.mechanism)}) ${removed ? 'no longer published; was published by' : 'published by'} ${c.publishers.map(w.text).join(', ')}`;
  return c.dependents?.length ? `${line} — its consumers wait in vain: ${dependents(w, c.dependents)}` : line;
}

function field(w: Words, f: DiffField, removed: boolean): string {
  const event = `${w.code(f.channel)} (${w.text(f.mechanism)})`;
  if (!removed) return `field ${w.code(f.field)} added to event ${event}`;
  if (f.dependents?.length) return `removing field ${w.code(f.field)} from event ${event} may break its consumers: ${dependents(w, f.dependents)}`;
  return `field ${w.code(f.field)} removed from event ${event} (no consumer reads it)`;
}

function sections(w: Words, diff: ModelDiff): { title: string; changes: Changes<string> }[] {
  const both = <T>(c: Changes<T>, f: (x: T, removed: boolean) => string): Changes<string> => ({
    added: c.added.map((x) => f(x, false)),
    removed: c.removed.map((x) => f(x, true)),
  });
  return [
    { title: 'Interactions', changes: both(diff.interactions, (x) => interaction(w, x)) },
    { title: 'Endpoints', changes: both(diff.endpoints, (x, r) => endpoint(w, x, r)) },
    { title: 'Channels', changes: both(diff.channels, (x, r) => channel(w, x, r)) },
    { title: 'Event fields', changes: both(diff.fields, (x, r) => field(w, x, r)) },
  ];
}

function summary(diff: ModelDiff): string {
  const total = (['interactions', 'endpoints', 'channels', 'fields'] as const).reduce((n, k) => n + diff[k].added.length + diff[k].removed.length, 0);
  if (!total) return 'No changes to interactions, endpoints, channels or event fields.';
  return diff.breaking
    ? `${diff.breaking} removal${diff.breaking === 1 ? '' : 's'} may break code that still depends on ${diff.breaking === 1 ? 'it' : 'them'}.`
    : 'Nothing removed is still depended on.';
}

/** The diff as text. */
export function diffText(diff: ModelDiff, base: DiffBase): string {
  const lines = [`Switchboard diff: ${base.ref} (${base.commit.slice(0, 12)}) → working tree`];
  for (const s of sections(PLAIN, diff)) {
    if (!s.changes.added.length && !s.changes.removed.length) continue;
    lines.push('', `${s.title}: ${s.changes.added.length} added, ${s.changes.removed.length} removed`);
    for (const a of s.changes.added) lines.push(`  + ${a}`);
    for (const r of s.changes.removed) lines.push(`  - ${r}`);
  }
  lines.push('', summary(diff));
  return lines.join('\n') + '\n';
}

/** The diff as Markdown (for a pull request comment). */
export function diffMarkdown(diff: ModelDiff, base: DiffBase): string {
  const parts = [`# Switchboard diff against ${mdCode(base.ref)} (${mdCode(base.commit.slice(0, 12))})`, ''];
  for (const s of sections(MARKDOWN, diff)) {
    if (!s.changes.added.length && !s.changes.removed.length) continue;
    parts.push(`## ${s.title}`, '');
    for (const a of s.changes.added) parts.push(`- ➕ ${a}`);
    for (const r of s.changes.removed) parts.push(`- ➖ ${r}`);
    parts.push('');
  }
  parts.push(summary(diff), '');
  return parts.join('\n');
}

/** The diff as JSON (schema version 1): the base and every change with its dependents. */
export function diffJson(diff: ModelDiff, base: DiffBase): string {
  return JSON.stringify({ schemaVersion: 1, base, ...diff }, null, 2) + '\n';
}

/** The diff formats, by name. */
export const DIFF_FORMATS: Record<string, (diff: ModelDiff, base: DiffBase) => string> = { text: diffText, json: diffJson, markdown: diffMarkdown };
