/**
 * The loose channel index answers exactly what comparing a channel with every channel of the set
 * answers, on seeded random names with wildcards and unknown parts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LooseChannels, looselyMatches } from '../../server/src/analysis/rules/facts-of';

/** A small seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

const PARTS = ['order', 'Order', 'orders', 'o', '.', '.', '-', '*', '>', '#', '\u0000', '{?}', 'created', 'x'];

function name(r: () => number): string {
  const n = Math.floor(r() * 5);
  let out = '';
  for (let i = 0; i < n; i++) out += PARTS[Math.floor(r() * PARTS.length)];
  return out;
}

describe('LooseChannels', () => {
  it('agrees with looselyMatches against every channel of the set', () => {
    const r = rng(7);
    for (let round = 0; round < 300; round++) {
      const set = Array.from({ length: Math.floor(r() * 6) }, () => name(r));
      const index = new LooseChannels(set);
      for (let q = 0; q < 20; q++) {
        const a = name(r);
        assert.equal(index.matches(a), set.some((c) => looselyMatches(a, c)), `${JSON.stringify(a)} against ${JSON.stringify(set)}`);
      }
    }
  });

  it('matches a wildcard subscription and an unknown part', () => {
    const index = new LooseChannels(['orders.*', 'billing.\u0000']);
    assert.equal(index.matches('orders.created'), true);
    assert.equal(index.matches('Billing.paid'), true);
    assert.equal(index.matches('shipping.sent'), false);
  });
});
