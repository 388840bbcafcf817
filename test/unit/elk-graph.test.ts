/**
 * The panel's layout input and output (client/webview/elk-graph.ts): the ELK graph built from the
 * drawn nodes and edges, laid out by ELK itself (its bundled build, in Node), and the positions
 * read back as absolute node centres.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutOptions, positionsOf, toElkGraph, type LayoutEdge, type LayoutNode } from '../../client/webview/elk-graph';

const nodes: LayoutNode[] = [
  { id: 'service:gateway', width: 100, height: 30 },
  { id: 'service:orders', width: 0, height: 0 },
  { id: 'endpoint:orders:post', parent: 'service:orders', width: 120, height: 24 },
  { id: 'endpoint:orders:get', parent: 'service:orders', width: 120, height: 24 },
  { id: 'service:payments', width: 100, height: 30 },
];
const edges: LayoutEdge[] = [
  { id: 'e1', source: 'service:gateway', target: 'endpoint:orders:post' },
  { id: 'e2', source: 'endpoint:orders:post', target: 'service:payments' },
  { id: 'e3', source: 'service:gateway', target: 'service:missing' },
];

describe('elk-graph', () => {
  it('nests children in their compound node, lets ELK size the compound node, keeps edges at the root and drops edges to unknown nodes', () => {
    const g = toElkGraph(nodes, edges, layoutOptions(false));
    assert.deepEqual(
      g.children?.map((c) => c.id),
      ['service:gateway', 'service:orders', 'service:payments'],
    );
    const orders = g.children?.find((c) => c.id === 'service:orders');
    assert.deepEqual(
      orders?.children?.map((c) => c.id),
      ['endpoint:orders:post', 'endpoint:orders:get'],
    );
    assert.equal(orders?.width, undefined);
    assert.deepEqual(
      g.edges?.map((e) => e.id),
      ['e1', 'e2'],
    );
    assert.equal(g.layoutOptions?.['elk.algorithm'], 'layered');
  });

  for (const large of [false, true]) {
    it(`ELK lays it out left to right and the centres come back in absolute coordinates (${large ? 'large-graph' : 'detailed'} options)`, async () => {
      const laidOut = await new ELK().layout(toElkGraph(nodes, edges, layoutOptions(large)));
      const at = positionsOf(laidOut);
      assert.deepEqual([...at.keys()].sort(), ['endpoint:orders:get', 'endpoint:orders:post', 'service:gateway', 'service:payments']);
      // callers left of callees: gateway → orders' endpoint → payments
      assert.ok(at.get('service:gateway')!.x < at.get('endpoint:orders:post')!.x);
      assert.ok(at.get('endpoint:orders:post')!.x < at.get('service:payments')!.x);
      // an endpoint's centre lies inside its service's box (child offsets added to the parent's)
      const orders = laidOut.children!.find((c) => c.id === 'service:orders')!;
      for (const id of ['endpoint:orders:get', 'endpoint:orders:post']) {
        const p = at.get(id)!;
        assert.ok(p.x > orders.x! && p.x < orders.x! + orders.width! && p.y > orders.y! && p.y < orders.y! + orders.height!, `${id} at ${JSON.stringify(p)} inside ${JSON.stringify({ x: orders.x, y: orders.y, w: orders.width, h: orders.height })}`);
      }
      // no two leaves overlap
      const boxes = [...at.entries()].map(([id, p]) => ({ id, ...p, w: nodes.find((n) => n.id === id)!.width, h: nodes.find((n) => n.id === id)!.height }));
      for (const a of boxes) for (const b of boxes) if (a.id < b.id) assert.ok(Math.abs(a.x - b.x) >= (a.w + b.w) / 2 || Math.abs(a.y - b.y) >= (a.h + b.h) / 2, `${a.id} overlaps ${b.id}`);
    });
  }
});
