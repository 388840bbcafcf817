/**
 * The CLI validates its arguments and inputs (issue 10): each problem is one clear line on
 * standard error and exit 2; an internal error exits 3; findings (check) 1; clean 0. The cases
 * already covered elsewhere (unknown format: cli-formats; unknown rules and options: cli-rules;
 * a missing architecture file: architecture-cli; diff's refs: cli-diff) are not repeated.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { EXIT, run } from '../../cli/src/cli';
import { cli } from './helpers/cli';
import { pkg, writeWorkspace } from './helpers/workspace';

const SHOP = path.join(__dirname, '..', '..', 'examples', 'shop');

/** One line on stderr, naming the problem; nothing on stdout. */
async function usage(args: string[], expected: RegExp): Promise<void> {
  const r = await cli(...args);
  assert.equal(r.code, EXIT.usage, `${args.join(' ')}: exit ${r.code}, ${r.err}`);
  assert.equal(r.out, '');
  assert.match(r.err, /^switchboard: [^\n]+\n$/, `one line: ${JSON.stringify(r.err)}`);
  assert.match(r.err, expected);
}

describe('hardening: CLI arguments and exit codes', () => {
  const clean = writeWorkspace({ 'svc/package.json': pkg('svc', ['express']), 'svc/src/main.ts': "import express from 'express';\nconst app = express();\napp.get('/x', (_q, r) => r.json({}));\napp.listen(3000);\n" });
  after(() => fs.rmSync(clean, { recursive: true, force: true }));

  it('unknown commands and flags, missing values', async () => {
    await usage(['frobnicate'], /unknown command "frobnicate"/);
    await usage(['analyze', SHOP, '--colour'], /Unknown option '--colour'/);
    await usage(['check', SHOP, '--format', 'json'], /Unknown option '--format'/);
    await usage(['analyze', SHOP, '--format'], /--format.*argument missing/);
    await usage(['analyze', SHOP, '--format', '--output', 'x'], /--format.*ambiguous/);
    await usage(['analyze', SHOP, '--exclude'], /--exclude.*argument missing/);
    await usage(['lsp'], /lsp needs --stdio/);
  });

  it('bad values: format, severity, numbers, rule options', async () => {
    await usage(['analyze', SHOP, '--format', 'yaml'], /unknown format "yaml"/);
    await usage(['check', SHOP, '--severity', 'fatal'], /unknown severity "fatal"/);
    await usage(['analyze', SHOP, '--workers', '1.5'], /--workers needs a whole number, got 1.5/);
    await usage(['analyze', SHOP, '--max-file-bytes', 'lots'], /--max-file-bytes needs a whole number of bytes, got lots/);
    await usage(['analyze', SHOP, '--max-file-bytes', '0'], /--max-file-bytes needs a whole number of bytes, got 0/);
    await usage(['analyze', SHOP, '--rule-option', 'sync-chain-too-long.maxServices=many'], /maxServices/);
    await usage(['analyze', SHOP, '--rule-option', 'no-equals-sign'], /no-equals-sign/);
  });

  it('bad inputs: nonexistent path, a file, two folders, conflicting flags, an output that cannot be written', async () => {
    await usage(['analyze', path.join(SHOP, 'no-such-folder')], /folder not found: .*no-such-folder/);
    await usage(['analyze', path.join(SHOP, 'expected.json')], /not a folder: .*expected\.json/);
    await usage(['analyze', SHOP, clean], /expected one folder, got 2/);
    await usage(['analyze', SHOP, '--no-cache', '--cache-dir', clean], /--no-cache and --cache-dir contradict each other/);
    await usage(['analyze', clean, '--no-cache', '--output', path.join(clean, 'no', 'such', 'dir', 'out.json')], /cannot write .*out\.json: ENOENT/);
  });

  it('--max-file-bytes skips larger files with a message', async () => {
    const r = await cli('analyze', clean, '--no-cache', '--format', 'json', '--max-file-bytes', '50');
    assert.equal(r.code, EXIT.ok, r.err);
    const doc = JSON.parse(r.out) as { messages: { file?: string; message: string }[] };
    assert.deepEqual(
      doc.messages.filter((m) => m.file === 'svc/src/main.ts').map((m) => m.message),
      [`skipped: larger than 50 bytes (${fs.statSync(path.join(clean, 'svc/src/main.ts')).size}); raise switchboard.analysis.maxFileBytes to include it`],
    );
  });

  it('exit codes: clean 0, findings 1 (check), analyze 0 with findings, internal error 3 with its stack', async () => {
    assert.equal((await cli('check', clean, '--no-cache')).code, EXIT.ok);
    assert.equal((await cli('check', SHOP, '--no-cache')).code, EXIT.findings);
    assert.equal((await cli('analyze', SHOP, '--no-cache')).code, EXIT.ok);
    // an output stream that fails: a fault of the environment, not of the arguments
    let err = '';
    const broken = new Writable({
      write: () => {
        throw new Error('stream exploded');
      },
    });
    const errSink = new Writable({
      write: (chunk: Buffer, _e, cb) => {
        err += chunk.toString();
        cb();
      },
    });
    const code = await run(['analyze', clean, '--no-cache'], broken, errSink);
    assert.equal(code, EXIT.internal);
    assert.match(err, /^switchboard: internal error: Error: stream exploded\n\s+at /);
  });
});
