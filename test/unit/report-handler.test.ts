/**
 * `switchboard/report` (server/src/handlers/report.ts): Markdown reports link to the code with file
 * URIs and a line fragment; exports come in their format; unknown formats answer null.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import type { ReportFormat } from '../../protocol/src';
import { reportOf } from '../../server/src/handlers/report';

const SHOP = path.resolve(import.meta.dirname, '..', '..', 'examples', 'shop');
const model = analyze(SHOP);

describe('switchboard/report', () => {
  it('renders one Markdown report with file-URI links at the line', () => {
    const r = reportOf(SHOP, model, { kind: 'chains', format: 'markdown' });
    assert.ok(r);
    assert.equal(r.title, 'Synchronous Chains');
    assert.equal(r.language, 'markdown');
    const uri = pathToFileURL(path.join(SHOP, 'apps/gateway/src/routes/checkout.routes.ts')).href;
    assert.ok(r.content.includes(`](${uri}#L`), r.content.slice(0, 400));
  });

  it('renders every report in one document without a kind', () => {
    const r = reportOf(SHOP, model, { format: 'markdown' });
    assert.match(r!.content, /^# Switchboard report/);
    assert.match(r!.content, /## Event Catalog/);
  });

  it('serves the exports: JSON, Mermaid, DOT and SARIF', () => {
    assert.equal(JSON.parse(reportOf(SHOP, model, { format: 'json' })!.content).schemaVersion, 1);
    assert.match(reportOf(SHOP, model, { format: 'mermaid' })!.content, /^flowchart LR/);
    assert.equal(reportOf(SHOP, model, { format: 'dot' })!.extension, 'dot');
    const sarif = JSON.parse(reportOf(SHOP, model, { format: 'sarif' })!.content) as { version: string; runs: unknown[] };
    assert.equal(sarif.version, '2.1.0');
  });

  it('serves AsyncAPI as YAML, from the same registry as the CLI', () => {
    const r = reportOf(SHOP, model, { format: 'asyncapi' });
    assert.equal(r?.language, 'yaml');
    assert.equal(r?.extension, 'yaml');
    assert.match(r!.content, /^asyncapi: 3\.0\.0\n/);
  });

  it('answers null for a format the server does not render', () => {
    assert.equal(reportOf(SHOP, model, { format: 'pdf' as ReportFormat }), null);
    assert.equal(reportOf(SHOP, model, { format: 'text' as ReportFormat }), null);
    assert.equal(reportOf(SHOP, model, { format: 'constructor' as ReportFormat }), null);
  });
});
