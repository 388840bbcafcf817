/**
 * Hostile strings from analysed code in the Markdown reports, rendered the way VS Code's Markdown
 * preview renders them (markdown-it with HTML and linkify on): no HTML element comes from a name,
 * no link leaves for a `javascript:`, `command:`, `data:` or `vbscript:` target, and characters that
 * reorder text (U+202E …) or null bytes show as visible marks.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { visibleText } from '../../protocol/src/display';
import { reportOf } from '../../server/src/handlers/report';
import { REPORTS, toMarkdown } from '../../server/src/analysis/report/markdown';
import { mdCode, mdText, relativeLink } from '../../server/src/analysis/report/markdown-util';
import type { AnalysisResult } from '../../server/src/analysis/model';
import { endpoint, interaction, model } from './helpers/model';

// markdown-it is what VS Code's preview uses; it is here as a dependency of @vscode/vsce
const requireFrom = createRequire(require.resolve('@vscode/vsce/package.json'));
const MarkdownIt = requireFrom('markdown-it') as new (options: { html: boolean; linkify: boolean }) => { render(md: string): string };

/** Every kind of hostile string the brief lists. */
const HOSTILE = {
  html: '<img src=x onerror=alert(1)>',
  script: '<script>alert(2)</script>',
  js: 'javascript:alert(3)',
  command: 'command:workbench.action.terminal.new',
  mdLink: '[click](javascript:alert(4))',
  autolink: '<javascript:alert(5)>',
  bidi: 'admin\u202E\u2066txt.exe\u2069',
  nul: 'ord\u0000ers',
  long: 'x'.repeat(100_000),
};
const NAMES = Object.values(HOSTILE);

/** A model where every string that reaches a report is hostile. */
function hostileModel(): AnalysisResult {
  const [a, b] = [HOSTILE.html, HOSTILE.bidi];
  return model([a, b, HOSTILE.script, HOSTILE.js, HOSTILE.command, HOSTILE.nul], {
    endpoints: [
      endpoint(`${a}:http`, a, 'http', { method: 'GET', path: `/${HOSTILE.mdLink}`, file: `${HOSTILE.js}/x.ts` }),
      endpoint(`${b}:msg`, b, 'message', { channel: HOSTILE.autolink, mechanism: 'kafka', file: `${HOSTILE.command}.ts` }),
    ],
    interactions: [
      interaction('i1', b, 'sync-request-response', [a], [`${a}:http`], { target: HOSTILE.script, library: HOSTILE.html, file: `${HOSTILE.js}.ts` }),
      interaction('i2', a, 'event', [b], [], { mechanism: 'kafka', channel: HOSTILE.autolink, target: HOSTILE.mdLink, file: `${HOSTILE.command}/y.ts` }),
      interaction('i3', a, 'common-data', [HOSTILE.nul], [], { store: HOSTILE.long, target: HOSTILE.bidi }),
      interaction('i4', HOSTILE.script, 'sync-request-response', [HOSTILE.js], [], { target: HOSTILE.long }),
    ],
    chains: [{ services: [b, a, HOSTILE.nul], interactions: ['i1', 'i3'] }],
    findings: [
      { rule: 'missing-timeout', severity: 'warning', message: `call to ${HOSTILE.html} ${HOSTILE.mdLink} ${HOSTILE.bidi}`, file: `${HOSTILE.js}.ts`, line: 3 },
      { rule: 'orphan-event', severity: 'info', message: HOSTILE.script, file: `${HOSTILE.command}.ts`, line: 1 },
    ],
  });
}

/** What the preview would show: the HTML and the problems in it. */
function problemsOf(markdown: string): string[] {
  const html = new MarkdownIt({ html: true, linkify: true }).render(markdown);
  const out: string[] = [];
  // the only elements are the ones the reports write themselves
  const allowed = new Set([
    'p',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'strong',
    'em',
    'code',
    'a',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'ul',
    'ol',
    'li',
    'br',
    'hr',
    'blockquote',
    'pre',
    's',
  ]);
  for (const m of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    const tag = m[1]!.toLowerCase();
    if (!allowed.has(tag)) out.push(`element <${tag}>`);
    if (/\son[a-z]+\s*=/i.test(m[2]!)) out.push(`event handler in <${tag}${m[2]}>`);
  }
  for (const m of html.matchAll(/\shref="([^"]*)"/g)) {
    const href = m[1]!.replace(/&amp;/g, '&');
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(href)?.[1]?.toLowerCase();
    if (scheme && !['file', 'http', 'https'].includes(scheme)) out.push(`link to ${scheme}: (${href.slice(0, 80)})`);
  }
  if (/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/.test(html)) out.push('a bidirectional control character');
  if (html.includes('\u0000')) out.push('a null byte');
  return out;
}

describe('hostile names in the Markdown reports', () => {
  const m = hostileModel();
  const rendered: [string, string][] = [
    ...Object.entries(REPORTS).map(([k, r]): [string, string] => [k, r.render(m)]),
    ['full report (CLI, relative links)', toMarkdown(m)],
    ['full report (editor, workspace-root links)', reportOf(m, { format: 'markdown' })!.content],
    ...Object.keys(REPORTS).map((k): [string, string] => [
      `${k} (editor)`,
      reportOf(m, { kind: k as keyof typeof REPORTS, format: 'markdown' })!.content,
    ]),
  ];
  for (const [what, md] of rendered) {
    it(`${what}: no HTML, no script or command link, no reordering character`, () => {
      assert.deepEqual(problemsOf(md), [], `in:\n${md.slice(0, 3000)}`);
    });
  }

  it('the names are still shown, as text', () => {
    const html = new MarkdownIt({ html: true, linkify: true }).render(toMarkdown(m));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the HTML name shows literally');
    assert.ok(html.includes('admin⟨U+202E⟩⟨U+2066⟩txt.exe⟨U+2069⟩'), 'the bidi name shows its marks');
    assert.ok(html.includes('ord⟨U+0000⟩ers'), 'the null byte shows as a mark');
  });

  it('the building blocks: mdText, mdCode and relative links', () => {
    assert.equal(mdText('a\u202Eb'), 'a⟨U\\+202E⟩b');
    assert.equal(mdCode('a\u202Eb'), '`a⟨U+202E⟩b`');
    assert.equal(relativeLink('javascript:alert(1).ts', 2), './javascript:alert%281%29.ts#L2');
    assert.equal(relativeLink('command:x/y.ts', 2), './command:x/y.ts#L2');
    assert.equal(relativeLink('apps/a:b.ts', 2), 'apps/a:b.ts#L2');
    for (const n of NAMES) assert.ok(!/[\u202a-\u202e\u2066-\u2069\u0000]/.test(mdText(n) + mdCode(n)));
  });

  it('visibleText marks what hides or reorders text and cuts long strings with an ellipsis', () => {
    assert.equal(visibleText('abc'), 'abc');
    assert.equal(visibleText('a\u202Eb\u0000'), 'a⟨U+202E⟩b⟨U+0000⟩');
    assert.equal(visibleText('tab\tkept\nnewline'), 'tab\tkept\nnewline');
    const cut = visibleText(HOSTILE.long, 60);
    assert.equal(cut.length, 60);
    assert.ok(cut.endsWith('…'));
    assert.equal(visibleText('\u202E'.repeat(100), 10).length, 10);
    assert.equal(visibleText('short', 60), 'short');
  });
});
