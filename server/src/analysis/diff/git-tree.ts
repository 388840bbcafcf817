/**
 * The files of a folder as they were at a git ref, written to a fresh folder under the OS temp
 * dir — read with git plumbing only (`rev-parse`, `ls-tree`, `cat-file --batch`), so the user's
 * repository, index, refs and working tree are never written.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnalysisInputError } from '../analyze';
import { DEFAULT_MAX_FILE_BYTES } from '../workspace/files';

/** A folder's files at a ref, extracted; `dispose()` deletes them. */
export interface BaseTree {
  /** The folder to analyse: the extracted copy of the asked folder (same base name). */
  root: string;
  /** The commit the ref names. */
  commit: string;
  dispose(): void;
}

// no optional locks (git may otherwise refresh the index), no prompts, no lazy fetch of missing blobs in partial clones
const GIT_ENV = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1', LC_ALL: 'C' };

function git(cwd: string, args: string[], input?: Buffer, maxBuffer = 64 * 1024 * 1024): { ok: boolean; out: Buffer; err: string } {
  const r = spawnSync('git', args, { cwd, env: GIT_ENV, input, maxBuffer, stdio: ['pipe', 'pipe', 'pipe'] });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new AnalysisInputError('git is not installed (diff reads the base with git)');
    throw r.error;
  }
  return { ok: r.status === 0, out: r.stdout, err: r.stderr.toString().trim() };
}

/** A blob of the tree listing. */
interface Entry {
  oid: string;
  size: number;
  /** Path relative to the asked folder. */
  rel: string;
}

/**
 * Extracts `dir` (a folder inside a git work tree) as it was at `ref`. Throws AnalysisInputError
 * when dir is not in a git repository or the ref names no commit. Blobs larger than
 * `maxFileBytes` (which the analysis would skip), symbolic links and submodules are left out.
 */
export function extractBaseTree(dir: string, ref: string, options: { maxFileBytes?: number } = {}): BaseTree {
  const absDir = path.resolve(dir);
  if (!ref || ref.startsWith('-') || /[\u0000-\u001f]/.test(ref)) throw new AnalysisInputError(`not a git ref: ${JSON.stringify(ref)}`);
  const prefixRun = git(absDir, ['rev-parse', '--show-prefix']);
  if (!prefixRun.ok) throw new AnalysisInputError(`not a git repository: ${dir}`);
  const prefix = prefixRun.out.toString().replace(/\n$/, '');
  const commitRun = git(absDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commitRun.ok) throw new AnalysisInputError(`unknown git ref: ${ref}`);
  const commit = commitRun.out.toString().trim();

  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // -l: sizes, so large blobs are never read; --full-tree: paths from the top, whatever the cwd
  const list = git(absDir, ['ls-tree', '-r', '-z', '-l', '--full-tree', commit], undefined, 1024 * 1024 * 1024);
  if (!list.ok) throw new Error(`git ls-tree failed: ${list.err}`);
  const entries: Entry[] = [];
  for (const record of list.out.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/);
    const file = record.slice(tab + 1);
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755') || !oid) continue;
    if (!file.startsWith(prefix)) continue;
    const rel = file.slice(prefix.length);
    const parts = rel.split('/');
    // git refuses such paths, but a hand-made tree object could hold them: never write outside the copy
    if (parts.some((p) => p === '' || p === '.' || p === '..' || p === '.git' || p === 'node_modules')) continue;
    if (Number(size) > maxBytes) continue;
    entries.push({ oid, size: Number(size), rel });
  }

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-diff-'));
  const dispose = (): void => fs.rmSync(temp, { recursive: true, force: true });
  try {
    // the copy has the asked folder's name: discovery names a lone service after its folder
    const root = path.join(temp, path.basename(absDir) || 'root');
    fs.mkdirSync(root);
    writeBlobs(absDir, root, entries);
    return { root, commit, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** Reads the blobs with one `git cat-file --batch` and writes each under `root`. */
function writeBlobs(cwd: string, root: string, entries: Entry[]): void {
  if (!entries.length) return;
  const total = entries.reduce((n, e) => n + e.size + 64, 0);
  const run = git(cwd, ['cat-file', '--batch'], Buffer.from(entries.map((e) => e.oid).join('\n') + '\n'), total + 1024 * 1024);
  if (!run.ok) throw new Error(`git cat-file failed: ${run.err}`);
  const out = run.out;
  let at = 0;
  for (const e of entries) {
    const eol = out.indexOf(10, at);
    const header = out.subarray(at, eol).toString();
    const [, type, size] = header.split(' ');
    if (type !== 'blob') throw new Error(`git cat-file: unexpected answer for ${e.rel}: ${header}`);
    const body = out.subarray(eol + 1, eol + 1 + Number(size));
    at = eol + 1 + Number(size) + 1;
    const target = path.join(root, ...e.rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, body);
  }
}
