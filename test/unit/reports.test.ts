/**
 * The Markdown reports (coupling, chains, event catalog, inventory) and the diagram exports
 * (Mermaid, DOT): their content on small models, on the example, and with hostile names.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { chainsReport } from '../../server/src/analysis/report/chains';
import { couplingOf, couplingReport } from '../../server/src/analysis/report/coupling';
import { dotString, toDot } from '../../server/src/analysis/report/dot';
import { eventsReport } from '../../server/src/analysis/report/events';
import { inventoryReport } from '../../server/src/analysis/report/inventory';
import { toMarkdown } from '../../server/src/analysis/report/markdown';
import { mdCode, mdText } from '../../server/src/analysis/report/markdown-util';
import { mermaidLabel, toMermaid } from '../../server/src/analysis/report/mermaid';
import { endpoint, interaction, model } from './helpers/model';

const SHOP = path.resolve(import.meta.dirname, '..', '..', 'examples', 'shop');
const HOSTILE = '<img src=x onerror=alert(1)>';

/** a → b → c synchronously from a's endpoint, a publishes t consumed by c, b and c share a table. */
const small = model(['a', 'b', 'c'], {
  endpoints: [
    endpoint('a:in', 'a', 'http', { method: 'POST', path: '/in' }),
    endpoint('b:in', 'b', 'http', { method: 'GET', path: '/b', file: 'b/src/b.ts', line: 7 }),
    endpoint('c:in', 'c', 'http', { method: 'GET', path: '/c' }),
    endpoint('c:t', 'c', 'message', { channel: 't', mechanism: 'kafka', file: 'c/src/consumer.ts', line: 4 }),
  ],
  interactions: [
    interaction('i1', 'a', 'sync-request-response', ['b'], ['b:in'], { target: 'GET http://b/b', line: 21 }),
    interaction('i2', 'b', 'sync-request-response', ['c'], ['c:in'], { target: 'GET http://c/c', file: 'b/src/b.ts', line: 9 }),
    interaction('e1', 'a', 'event', ['c'], ['c:t'], { mechanism: 'kafka', channel: 't', target: 'kafka t', library: 'kafkajs', line: 30 }),
    interaction('d1', 'b', 'common-data', ['c'], [], { store: 'pg items', access: 'write', mechanism: 'data', library: 'prisma' }),
    interaction('d2', 'c', 'common-data', ['b'], [], { store: 'pg items', access: 'read', mechanism: 'data', library: 'prisma' }),
  ],
  chains: [{ services: ['a', 'b', 'c'], interactions: ['i1', 'i2'], entry: 'a:in' }],
});

describe('coupling', () => {
  it('computes sync dependencies, the temporal-coupling set, domain coupling and shared data', () => {
    const rows = Object.fromEntries(couplingOf(small).map((r) => [r.service, r]));
    assert.deepEqual(rows.a!.syncDependencies.map((d) => d.service), ['b']);
    assert.deepEqual(rows.a!.temporalCoupling, ['b', 'c']);
    assert.deepEqual(rows.a!.domainOut, [{ service: 'b', styles: ['sync-request-response'] }]);
    assert.deepEqual(rows.a!.domainIn, [{ service: 'c', styles: ['event'] }]);
    assert.deepEqual(rows.c!.domainOut, [{ service: 'a', styles: ['event'] }]);
    assert.deepEqual(rows.b!.sharedData, [{ store: 'pg items', access: ['write'], with: ['c'] }]);
    assert.deepEqual(rows.c!.temporalCoupling, []);
  });

  it('renders a table row per service and links to the call sites', () => {
    const md = couplingReport(small);
    assert.match(md, /^# Coupling Report/);
    assert.match(md, /\| \*\*a\*\* \| b \| 2: b, c \| b \(sync\) \| c \(event\) \| — \|/);
    assert.match(md, /waits for \*\*a\*\*|waits for \*\*b\*\*: GET http:\/\/b\/b at \[a\/src\/main\.ts:21\]\(a\/src\/main\.ts#L21\)/);
    assert.match(md, /pg items \(write; with c\)/);
  });
});

describe('reports', () => {
  it('chains: one row per chain with its entry and one list item per hop', () => {
    const md = chainsReport(small, { link: (f, l) => `file:///root/${f}#L${l}` });
    assert.match(md, /1 chains, the longest holding 3 services; 0 end in a cycle/);
    assert.match(md, /\| 1 \| a → b → c \| 3 \| no \| a: POST \/in \(\[a\/src\/main\.ts:10\]\(file:\/\/\/root\/a\/src\/main\.ts#L10\)\) \|/);
    assert.match(md, /2\. b → c: GET http:\/\/c\/c \(axios\) at \[b\/src\/b\.ts:9\]\(file:\/\/\/root\/b\/src\/b\.ts#L9\)/);
  });

  it('event catalog: channels with publishers, consumers and orphans', () => {
    const md = eventsReport(small);
    assert.match(md, /\| `t` \| kafka \| a \| c \|  \|/);
    assert.match(md, /published by \*\*a\*\* at \[a\/src\/main\.ts:30\]/);
    assert.match(md, /consumed by \*\*c\*\* at \[c\/src\/consumer\.ts:4\]/);
  });

  it('inventory: each endpoint with its callers', () => {
    const md = inventoryReport(small);
    assert.match(md, /\| `GET \/b` \| http \| \[b\/src\/b\.ts:7\]\(b\/src\/b\.ts#L7\) \| a \(sync, \[a\/src\/main\.ts:21\]\(a\/src\/main\.ts#L21\)\) \|/);
    assert.match(md, /\| \*\*c\*\* \| `c` \| 2 \| 1 \| a, b \|/);
  });

  it('the full Markdown report on the example holds every section and the cycle', () => {
    const md = toMarkdown(analyze(SHOP));
    for (const h of ['# Switchboard report', '## Coupling Report', '## Synchronous Chains', '## Event Catalog', '## Service Inventory', '## Findings']) assert.ok(md.includes(`\n${h}`) || md.startsWith(h), h);
    assert.match(md, /gateway → orders → payments → fraud → payments \| 5 \| \*\*yes\*\*/);
    assert.match(md, /`order\.created` \| kafka \| orders \| shipping/);
  });
});

describe('diagrams', () => {
  it('Mermaid: thick sync, dotted fire-and-forget, events through a hexagon, data to a cylinder', () => {
    const m = model(['a', 'b'], {
      interactions: [
        interaction('i1', 'a', 'sync-request-response', ['b']),
        interaction('i2', 'a', 'sync-request-response', ['b']),
        interaction('i3', 'a', 'fire-and-forget', ['b']),
        interaction('i4', 'a', 'async-request-response', ['b']),
        interaction('e1', 'a', 'event', [], [], { mechanism: 'nats', channel: 'x.y' }),
        interaction('d1', 'b', 'common-data', [], [], { store: 'tbl' }),
      ],
    });
    const text = toMermaid(m);
    assert.match(text, /^flowchart LR\n/);
    assert.match(text, /n0\["a"\]/);
    assert.match(text, /n2\{\{"nats x\.y"\}\}/);
    assert.match(text, /n3\[\("tbl"\)\]/);
    assert.match(text, /n0 ==>\|"2×"\| n1/);
    assert.match(text, /n0 -\.-> n1/);
    assert.match(text, /n0 --> n2/);
    assert.match(text, /n1 --- n3/);
    assert.match(text, /linkStyle \d+ stroke-dasharray/);
  });

  it('DOT: one node per service, channel and store, edge styles by communication style', () => {
    const text = toDot(small);
    assert.match(text, /^digraph switchboard \{/);
    assert.match(text, /"service:a" -> "service:b" \[style=solid, penwidth=2\.5/);
    assert.match(text, /"channel:kafka:t" \[label="kafka t", shape=hexagon/);
    assert.match(text, /"store:pg items" \[label="pg items", shape=cylinder/);
    assert.match(text, /"service:b" -> "store:pg items" \[style=solid, dir=none/);
  });

  it('hostile names stay text in every format', () => {
    const m = model([HOSTILE, 'b"]; x [label="pwn'], {
      interactions: [interaction('e1', HOSTILE, 'event', [], [], { mechanism: 'kafka', channel: HOSTILE, target: HOSTILE })],
    });
    assert.equal(mdText(HOSTILE), '&lt;img src=x onerror=alert\\(1\\)&gt;');
    assert.ok(!mdCode('a|b').includes('|'));
    for (const md of [couplingReport(m), eventsReport(m), inventoryReport(m), toMarkdown(m)]) {
      // code spans show their content literally; everywhere else a tag must be escaped
      const outsideCode = md.replace(/(`+)[^`]*?\1/g, '');
      assert.ok(!outsideCode.includes('<img'), `no raw tag in the Markdown:\n${md}`);
      assert.ok(md.includes('&lt;img src=x onerror=alert\\(1\\)&gt;') || md.includes('`<img src=x onerror=alert(1)>`'), 'the name is shown');
    }
    assert.equal(mermaidLabel(HOSTILE), '"#lt;img src=x onerror=alert(1)#gt;"');
    assert.ok(!toMermaid(m).includes('<img'));
    assert.equal(dotString('b"]; x'), '"b\\"]; x"');
    // every quoted DOT string closes where it should: a line per node, no stray statements
    const dot = toDot(m);
    assert.ok(dot.includes('[label="b\\"]; x [label=\\"pwn"]'), dot);
  });
});
