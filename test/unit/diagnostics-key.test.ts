/**
 * The server sends a file's diagnostics again only when the key of its findings changed: two lists
 * of findings with the same key must give the same diagnostics, and any change a diagnostic shows
 * must change the key (a key may change without the diagnostics changing: that only resends them).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Finding } from '../../server/src/analysis/model';
import { findingsByFile, findingsKey, toDiagnostics } from '../../server/src/handlers/diagnostics';

const text = fc.constantFrom('', 'a', 'b', 'a:b', '1', 'x\u0001y', 'calls /api/1');
const num = fc.integer({ min: 1, max: 3 });
const finding: fc.Arbitrary<Finding> = fc.record(
  {
    rule: fc.constantFrom('missing-timeout', 'unresolved-endpoint', 'sync-cycle'),
    severity: fc.constantFrom('error', 'warning', 'info', 'hint'),
    message: text,
    file: fc.constantFrom('a.ts', 'b.ts'),
    line: num,
    column: num,
    endLine: num,
    endColumn: num,
    related: fc.array(fc.record({ message: text, file: fc.constantFrom('a.ts', 'c.ts'), line: num, column: num }, { requiredKeys: ['message', 'file', 'line'] }), {
      maxLength: 2,
    }),
  },
  { requiredKeys: ['rule', 'severity', 'message', 'file', 'line'] },
);

describe('diagnostics keys', () => {
  it('equal keys give equal diagnostics; the same findings give the same key', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 3 }), fc.array(finding, { maxLength: 3 }), (a, b) => {
        const same = JSON.stringify(toDiagnostics('/r', a)) === JSON.stringify(toDiagnostics('/r', b));
        // a key may differ for the same diagnostics (a resend), never be equal for different ones
        if (findingsKey(a) === findingsKey(b)) assert.ok(same);
        assert.equal(findingsKey(a), findingsKey(a.map((f) => ({ ...f }))));
      }),
      { numRuns: 2000 },
    );
  });

  it('a change to any one field of one finding that changes the diagnostics changes the key', () => {
    const fields = ['rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'related'] as const;
    fc.assert(
      fc.property(fc.array(finding, { minLength: 1, maxLength: 3 }), fc.nat(), fc.constantFrom(...fields), finding, (list, at, field, other) => {
        const changed = list.map((f) => ({ ...f }));
        const target = changed[at % changed.length]!;
        (target as unknown as Record<string, unknown>)[field] = other[field];
        const same = JSON.stringify(toDiagnostics('/r', list)) === JSON.stringify(toDiagnostics('/r', changed));
        if (!same) assert.notEqual(findingsKey(list), findingsKey(changed), field);
      }),
      { numRuns: 3000 },
    );
  });

  it('groups findings by file in the model order', () => {
    const f = (file: string, line: number): Finding => ({ rule: 'sync-cycle', severity: 'info', message: 'm', file, line });
    const grouped = findingsByFile({ findings: [f('b.ts', 1), f('a.ts', 2), f('b.ts', 3)] } as never);
    assert.deepEqual([...grouped].map(([file, list]) => [file, list.map((x) => x.line)]), [
      ['b.ts', [1, 3]],
      ['a.ts', [2]],
    ]);
  });
});
