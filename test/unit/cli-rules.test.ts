/**
 * The CLI around findings: `check` prints like a linter and exits 1 at or above --severity;
 * `--rule` and `--rule-option` set severities and options; `--format sarif` writes SARIF.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli } from './helpers/cli';

const SHOP = path.join(__dirname, '..', '..', 'examples', 'shop');


describe('switchboard check', () => {
  it('prints findings as file:line:col: severity: message [rule] and exits 1 at the default severity', async () => {
    const r = await cli('check', SHOP);
    assert.equal(r.code, 1);
    assert.match(r.out, /^apps\/payments\/src\/routes\/charges\.ts:17:\d+: error: Synchronous cycle: .* \[sync-cycle\]$/m);
    assert.match(r.out, /\d+ findings \(\d+ errors?, \d+ warnings, \d+ info, \d+ hints\); \d+ at or above warning/);
    assert.doesNotMatch(r.out, /: hint: /, 'hints are only printed with --severity hint');
  });

  it('exits 0 when nothing reaches the severity, and turns rules off with --rule', async () => {
    const r = await cli('check', SHOP, '--severity', 'error', '--rule', 'sync-cycle=off');
    assert.equal(r.code, 0, r.out);
    assert.doesNotMatch(r.out, /\[sync-cycle\]/);
  });

  it('raises a rule with --rule and sets options with --rule-option', async () => {
    const raised = await cli('check', SHOP, '--severity', 'error', '--rule', 'sync-cycle=off', '--rule', 'missing-timeout=error');
    assert.equal(raised.code, 1);
    assert.match(raised.out, /: error: .*\[missing-timeout\]/);
    const lenient = await cli('check', SHOP, '--rule-option', 'sync-chain-too-long.maxServices=4');
    assert.doesNotMatch(lenient.out, /\[sync-chain-too-long\]/);
    const strict = await cli('check', SHOP, '--rule-option', 'sync-chain-too-long.maxServices=3');
    assert.match(strict.out, /\[sync-chain-too-long\]/);
  });

  it('rejects unknown rules, severities and options as bad usage', async () => {
    assert.equal((await cli('check', SHOP, '--rule', 'no-such-rule=off')).code, 2);
    assert.equal((await cli('check', SHOP, '--rule', 'sync-cycle=loud')).code, 2);
    const bad = await cli('check', SHOP, '--rule-option', 'sync-chain-too-long.maxServices=many');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /maxServices must be a number/);
    assert.equal((await cli('check', SHOP, '--rule-option', 'sync-cycle.nope=1')).code, 2);
  });
});

describe('switchboard analyze --format sarif', () => {
  it('writes a SARIF 2.1.0 log and exits 0', async () => {
    const r = await cli('analyze', SHOP, '--format', 'sarif');
    assert.equal(r.code, 0);
    const log = JSON.parse(r.out) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0]!.results.length > 0);
  });
});
