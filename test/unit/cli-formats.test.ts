/**
 * `switchboard analyze --format markdown|mermaid|dot` on the example: each format prints its
 * document and an unknown format is a usage error listing the formats.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli } from './helpers/cli';

const SHOP = path.join(__dirname, '..', '..', 'examples', 'shop');


describe('switchboard analyze --format', () => {
  it('markdown: the full report with every section', async () => {
    const r = await cli('analyze', SHOP, '--format', 'markdown');
    assert.equal(r.code, 0, r.err);
    for (const h of ['# Switchboard report', '## Coupling Report', '## Synchronous Chains', '## Event Catalog', '## Service Inventory', '## Findings']) assert.ok(r.out.includes(h), h);
    assert.match(r.out, /\[apps\/gateway\/src\/routes\/checkout\.routes\.ts:\d+\]\(apps\/gateway\/src\/routes\/checkout\.routes\.ts#L\d+\)/);
  });

  it('mermaid: a flowchart with a thick arrow from gateway to orders', async () => {
    const r = await cli('analyze', SHOP, '--format', 'mermaid');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^flowchart LR\n/);
    const id = (name: string): string => new RegExp(`(n\\d+)\\["${name}"\\]`).exec(r.out)![1]!;
    assert.match(r.out, new RegExp(`${id('gateway')} ==>[^\\n]* ${id('orders')}\\n`));
  });

  it('dot: a digraph with styled edges', async () => {
    const r = await cli('analyze', SHOP, '--format', 'dot');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^digraph switchboard \{/);
    assert.match(r.out, /"service:gateway" -> "service:orders" \[style=solid, penwidth=2\.5/);
    assert.match(r.out, /"service:shipping" -> "service:notifications" \[style=dotted/);
    assert.match(r.out, /\}\n$/);
  });

  it('an unknown format is a usage error that lists the formats', async () => {
    const r = await cli('analyze', SHOP, '--format', 'pdf');
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown format "pdf" \(expected one of: text, json, sarif, markdown, mermaid, dot, asyncapi\)/);
  });
});
