/**
 * Rules, docs and settings agree: every rule file is registered, every registered rule has a
 * docs page with the template's sections, a row in the docs index and its `switchboard.rules.<id>`
 * setting in package.json (generated from the registry) — and the examples on each page are real:
 * the failing example makes the rule report, the passing one does not.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../server/src/analysis/analyze';
import { RULES, type RuleSettings } from '../../server/src/analysis/rules';
import type { RuleOptions } from '../../server/src/analysis/rules/rule';
import { type RuleLevel, ruleSettingsSchema } from '../../server/src/analysis/rules/settings';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RULES_DIR = path.join(root, 'server', 'src', 'analysis', 'rules');
const DOCS = path.join(root, 'docs', 'rules');

/** The H2 sections every page has, in this order (from docs/rules/_template.md). */
function templateSections(): string[] {
  const text = fs.readFileSync(path.join(DOCS, '_template.md'), 'utf8');
  return [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
}

/** Code blocks whose info string names a file: ```ts file=orders/src/main.ts */
function blocks(markdown: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of markdown.matchAll(/^```[\w-]*[ \t]+file=(\S+)[^\n]*\n([\s\S]*?)^```/gm)) out[m[1]!] = m[2]!;
  return out;
}

/** The text between a heading and the next heading of the same or a higher level. */
function section(markdown: string, heading: string): string {
  const level = heading.match(/^#+/)![0].length;
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const rest = markdown.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return next < 0 ? rest : rest.slice(0, next);
}

/**
 * The shared, failing and passing example workspaces of a docs page, and the rule options both
 * run with (a ```json settings block in the Examples section, as in `switchboard.rules.<id>`).
 */
function examples(page: string): { shared: Record<string, string>; failing: Record<string, string>; passing: Record<string, string>; options: RuleSettings[string] } {
  const ex = section(page, '## Examples');
  const failingAt = ex.indexOf('\n### Failing\n');
  const settings = /^```json[ \t]+settings\n([\s\S]*?)^```/m.exec(ex);
  const { severity, ...options } = settings ? (JSON.parse(settings[1]!) as { severity?: RuleLevel } & RuleOptions) : {};
  return {
    shared: blocks(failingAt < 0 ? ex : ex.slice(0, failingAt)),
    failing: blocks(section(page, '### Failing')),
    passing: blocks(section(page, '### Passing')),
    options: { ...(severity ? { severity } : {}), options },
  };
}

function findingsIn(files: Record<string, string>, rule: string, settings: RuleSettings[string] = {}): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-docs-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    return analyze(dir, { rules: { [rule]: settings } })
      .findings.filter((f) => f.rule === rule)
      .map((f) => `${f.file}:${f.line} ${f.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('rules meta', () => {
  it('every rule file is registered under its file name, and ids are unique', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule ids');
    for (const file of fs.readdirSync(RULES_DIR)) {
      const text = fs.readFileSync(path.join(RULES_DIR, file), 'utf8');
      const m = /defineRule\(\{\s*id:\s*'([\w-]+)'/.exec(text);
      if (!m) continue;
      assert.equal(`${m[1]}.ts`, file, `rule ${m[1]} lives in ${file}`);
      assert.ok(ids.includes(m[1]!), `${file} defines rule ${m[1]} but rules/index.ts does not register it`);
    }
    for (const id of ids) assert.match(id, /^[a-z]+(-[a-z]+)*$/, `rule id ${id} is kebab-case`);
  });

  it('package.json contributes exactly the generated switchboard.rules.<id> settings', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
    const props = pkg.contributes.configuration.properties;
    const actual = Object.fromEntries(Object.entries(props).filter(([k]) => k.startsWith('switchboard.rules.')));
    assert.deepEqual(actual, ruleSettingsSchema(RULES), 'run `npm run rules:settings` to regenerate them from the registry');
  });

  it('the docs index lists every rule', () => {
    const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');
    for (const r of RULES) assert.ok(index.includes(`](${r.id}.md)`), `docs/rules/README.md links ${r.id}.md`);
  });

  const sections = templateSections();
  for (const rule of RULES) {
    describe(rule.id, () => {
      const file = path.join(DOCS, `${rule.id}.md`);
      const page = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';

      it('has a docs page from the template', () => {
        assert.ok(page, `docs/rules/${rule.id}.md is missing (copy docs/rules/_template.md)`);
        assert.ok(page.startsWith(`# \`${rule.id}\`\n`), 'the page starts with the rule id as its title');
        const found = [...page.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
        assert.deepEqual(found, sections, 'the H2 sections of the template, in order');
        assert.ok(page.includes(rule.description), 'the page states the rule description');
        assert.match(page, new RegExp(`\\|\\s*\`${rule.defaultSeverity}\`\\s*\\|`), `the page gives the default severity ${rule.defaultSeverity}`);
        assert.ok(page.includes(`switchboard.rules.${rule.id}`), 'the page names the setting');
        assert.ok(section(page, '## How to silence').includes(`switchboard-disable-next-line ${rule.id}`), 'How to silence shows the suppression comment');
        const options = section(page, '## Options');
        for (const key of Object.keys(rule.defaultOptions)) assert.ok(options.includes(`\`${key}\``), `option ${key} is documented`);
        assert.equal(rule.docsUrl.endsWith(`/docs/rules/${rule.id}.md`), true);
      });

      it('its failing example makes it report, its passing example does not', () => {
        const ex = examples(page);
        assert.ok(Object.keys(ex.failing).length, 'a Failing example with at least one ```lang file=path block');
        assert.ok(Object.keys(ex.passing).length, 'a Passing example with at least one ```lang file=path block');
        const failing = findingsIn({ ...ex.shared, ...ex.failing }, rule.id, ex.options);
        assert.ok(failing.length > 0, `the failing example of ${rule.id} produced no finding`);
        const passing = findingsIn({ ...ex.shared, ...ex.passing }, rule.id, ex.options);
        assert.deepEqual(passing, [], `the passing example of ${rule.id} still produced findings`);
      });
    });
  }
});
