/**
 * `switchboard/report` (server/src/handlers/report.ts): Markdown reports link to the code with
 * workspace-root paths and a line fragment (the preview shows file: URIs as text); exports come in their format; unknown formats answer null.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import type { ReportFormat } from '../../protocol/src';
import { reportOf } from '../../server/src/handlers/report';

const SHOP = path.resolve(import.meta.dirname, '..', '..', 'examples', 'shop');
const model = analyze(SHOP);

describe('switchboard/report', () => {
  it('renders one Markdown report with workspace-root links at the line', () => {
    const r = reportOf(model, { kind: 'chains', format: 'markdown' });
    assert.ok(r);
    assert.equal(r.title, 'Synchronous Chains');
    assert.equal(r.language, 'markdown');
    assert.match(r.content, /\]\(\/apps\/gateway\/src\/routes\/checkout\.routes\.ts#L\d+\)/, r.content.slice(0, 400));
    assert.doesNotMatch(r.content, /file:/);
  });

  it('renders every report in one document without a kind', () => {
    const r = reportOf(model, { format: 'markdown' });
    assert.match(r!.content, /^# Switchboard report/);
    assert.match(r!.content, /## Event Catalog/);
  });

  it('serves the exports: JSON, Mermaid, DOT and SARIF', () => {
    assert.equal(JSON.parse(reportOf(model, { format: 'json' })!.content).schemaVersion, 1);
    assert.match(reportOf(model, { format: 'mermaid' })!.content, /^flowchart LR/);
    assert.equal(reportOf(model, { format: 'dot' })!.extension, 'dot');
    const sarif = JSON.parse(reportOf(model, { format: 'sarif' })!.content) as { version: string; runs: unknown[] };
    assert.equal(sarif.version, '2.1.0');
  });

  it('serves AsyncAPI as YAML, from the same registry as the CLI', () => {
    const r = reportOf(model, { format: 'asyncapi' });
    assert.equal(r?.language, 'yaml');
    assert.equal(r?.extension, 'yaml');
    assert.match(r!.content, /^asyncapi: 3\.0\.0\n/);
  });

  it('answers null for a format the server does not render', () => {
    assert.equal(reportOf(model, { format: 'pdf' as ReportFormat }), null);
    assert.equal(reportOf(model, { format: 'text' as ReportFormat }), null);
    assert.equal(reportOf(model, { format: 'constructor' as ReportFormat }), null);
  });
});
