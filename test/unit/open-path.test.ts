/**
 * The graph panel's host opens only plain relative paths inside the analysed folder: a location
 * posted by the webview (which shows strings from analysed code) cannot name a scheme, climb out
 * or point at an absolute path.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openableSegments } from '../../client/src/open-path';

describe('paths the graph panel may open', () => {
  it('opens plain relative paths', () => {
    assert.deepEqual(openableSegments('apps/orders/src/main.ts'), ['apps', 'orders', 'src', 'main.ts']);
    assert.deepEqual(openableSegments('<img src=x onerror=alert(1)>.ts'), ['<img src=x onerror=alert(1)>.ts']);
  });

  for (const bad of [
    'javascript:alert(1)',
    'command:workbench.action.terminal.new',
    'file:///etc/passwd',
    'C:/Windows/win.ini',
    '/etc/passwd',
    '../../etc/passwd',
    'apps/../../x.ts',
    'apps\\..\\..\\x.ts',
    'apps//x.ts',
    './x.ts',
    'x\u0000.ts',
    'x\n.ts',
    '',
    'a'.repeat(5000),
  ]) {
    it(`refuses ${JSON.stringify(bad.slice(0, 40))}`, () => {
      assert.equal(openableSegments(bad), undefined);
    });
  }

  it('refuses what is not a string', () => {
    for (const v of [undefined, null, 42, ['a'], { file: 'a' }]) assert.equal(openableSegments(v), undefined);
  });
});
