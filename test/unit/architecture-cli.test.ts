/**
 * `switchboard check` with an architecture file: found at the root of the folder or named with
 * --architecture; divergences and absences are printed with the other findings; violations and
 * errors of the file itself exit 1; a missing file is bad usage (exit 2).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT } from '../../cli/src/cli';
import { cli } from './helpers/cli';
import { RULES } from '../../server/src/analysis/rules';

const REPO = path.join(__dirname, '..', '..');
const SHOP = path.join(REPO, 'examples', 'shop');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'architecture');


/** Every rule but the architecture ones turned off, so only the policy decides the exit status. */
const ONLY_ARCHITECTURE = RULES.filter((r) => !r.id.startsWith('architecture-')).flatMap((r) => ['--rule', `${r.id}=off`]);

describe('switchboard check with an architecture file', () => {
  let copy: string;
  before(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cli-arch-'));
    fs.cpSync(SHOP, copy, { recursive: true });
  });
  after(() => fs.rmSync(copy, { recursive: true, force: true }));

  it('passes with the policy the example keeps', async () => {
    const r = await cli('check', SHOP, '--architecture', path.join(FIXTURES, 'shop-pass.switchboard'), ...ONLY_ARCHITECTURE);
    assert.equal(r.code, EXIT.ok, r.out);
    assert.doesNotMatch(r.out, /\[architecture-/);
  });

  it('fails with the policy the example breaks, naming call sites and statements', async () => {
    const r = await cli('check', SHOP, '--architecture', path.join(FIXTURES, 'shop-fail.switchboard'), ...ONLY_ARCHITECTURE);
    assert.equal(r.code, EXIT.findings, r.out);
    assert.match(
      r.out,
      /^apps\/fraud\/src\/score\.route\.ts:\d+:\d+: error: fraud → payments .* is denied by the architecture .*\[architecture-divergence\]$/m,
    );
    assert.match(r.out, /shop-fail\.switchboard:20:1: error: The code does what this statement denies/);
    assert.match(r.out, /shop-fail\.switchboard:17:1: warning: The code never does payments → notifications fire-and-forget.*\[architecture-absence\]/);
  });

  it('finds the *.switchboard file at the root of the folder, with the other findings', async () => {
    fs.copyFileSync(path.join(FIXTURES, 'shop-fail.switchboard'), path.join(copy, 'architecture.switchboard'));
    try {
      const r = await cli('check', copy);
      assert.equal(r.code, EXIT.findings);
      assert.match(r.out, /^architecture\.switchboard:20:1: error: .*\[architecture-divergence\]$/m);
      assert.match(r.out, /\[missing-timeout\]/, 'the other rules still report');
    } finally {
      fs.rmSync(path.join(copy, 'architecture.switchboard'));
    }
  });

  it('prints the errors of the file itself with their positions and fails on them', async () => {
    fs.writeFileSync(path.join(copy, 'architecture.switchboard'), 'service gateway at "apps/gateway"\nallow gateway -> ledger event, sync-request-respons\n');
    try {
      const r = await cli('check', copy, ...ONLY_ARCHITECTURE);
      assert.equal(r.code, EXIT.findings, r.out);
      assert.match(
        r.out,
        /^architecture\.switchboard:2:32: error: unknown style "sync-request-respons" \(did you mean sync-request-response\?\).*\[unknown-style\]$/m,
      );
      assert.match(r.out, /^architecture\.switchboard:2:18: error: unknown service "ledger".*\[unknown-service\]$/m);
      assert.match(r.out, /2 problems in the architecture file, 2 at or above warning/);
    } finally {
      fs.rmSync(path.join(copy, 'architecture.switchboard'));
    }
  });

  it('says when the named file does not exist (bad usage)', async () => {
    const r = await cli('check', SHOP, '--architecture', path.join(FIXTURES, 'nope.switchboard'));
    assert.equal(r.code, EXIT.usage);
    assert.match(r.err, /architecture file not found/);
  });
});
