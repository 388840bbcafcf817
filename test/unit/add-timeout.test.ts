/**
 * The add-timeout quick fix as a code table: input call → expected text after the edit, or no edit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addTimeoutEdit, applyEdits } from '../../server/src/analysis/fixes/add-timeout';

const CASES: [string, string, string, string | undefined][] = [
  ['fetch without init', 'fetch', `await fetch(url);`, `await fetch(url, { signal: AbortSignal.timeout(5000) });`],
  ['fetch with init', 'fetch', `await fetch(url, { method: 'POST' });`, `await fetch(url, { signal: AbortSignal.timeout(5000), method: 'POST' });`],
  ['fetch with empty init', 'fetch', `await fetch(url, {});`, `await fetch(url, { signal: AbortSignal.timeout(5000) });`],
  ['fetch with init variable: no safe edit', 'fetch', `await fetch(url, init);`, undefined],
  ['axios.get', 'axios', `await axios.get(url);`, `await axios.get(url, { timeout: 5000 });`],
  ['axios.post with body', 'axios', `await axios.post(url, body);`, `await axios.post(url, body, { timeout: 5000 });`],
  ['axios.post without body', 'axios', `await axios.post(url);`, `await axios.post(url, undefined, { timeout: 5000 });`],
  ['axios.post with config', 'axios', `await axios.post(url, body, { headers });`, `await axios.post(url, body, { timeout: 5000, headers });`],
  ['axios(config)', 'axios', `await axios({ url, method: 'get' });`, `await axios({ timeout: 5000, url, method: 'get' });`],
  ['got', 'got', `await got(url);`, `await got(url, { timeout: { request: 5000 } });`],
  ['unknown library: no edit', 'superagent', `await superagent.get(url);`, undefined],
];

describe('add-timeout fix', () => {
  for (const [name, library, code, want] of CASES) {
    it(name, () => {
      const column = code.indexOf(library === 'fetch' ? 'fetch' : library === 'got' ? 'got' : library) + 1;
      const edit = addTimeoutEdit(code, 'x.ts', 1, column, library);
      assert.equal(edit ? applyEdits(code, [edit]) : undefined, want);
    });
  }
});
