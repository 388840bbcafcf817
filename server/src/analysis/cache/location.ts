/**
 * Where the persistent cache lives and what version of the engine wrote it. The cache is kept
 * outside the analysed workspace (never written into it): `$SWITCHBOARD_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/switchboard`, else `~/.cache/switchboard`, one folder per workspace root.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Bump when the layout of the cache files or the meaning of cached facts changes in a way the
 * engine fingerprint below cannot see; caches of another version are discarded and rebuilt.
 */
export const CACHE_FORMAT_VERSION = 1;

/** The folder holding every workspace's cache. */
export function cacheHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWITCHBOARD_CACHE_DIR) return path.resolve(env.SWITCHBOARD_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  if (xdg) return path.join(xdg, 'switchboard');
  const home = os.homedir();
  return home ? path.join(home, '.cache', 'switchboard') : path.join(os.tmpdir(), `switchboard-cache-${os.userInfo().username}`);
}

/** The cache folder of one workspace root (named by a hash of its absolute path). */
export function workspaceCacheDir(absRoot: string, home = cacheHome()): string {
  return path.join(home, createHash('sha1').update(path.resolve(absRoot)).digest('hex').slice(0, 20));
}

/** True when `dir` is inside `root` (or is it): the cache must never be written into the analysed workspace. */
export function isInside(dir: string, root: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(dir));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** How many workspaces keep a cache; the least recently used beyond this are removed. */
export const MAX_CACHED_WORKSPACES = 64;

/** Removes the caches of the least recently used workspaces beyond `keep` (temp folders of tests and benchmarks come and go). */
export function pruneCacheHome(home: string, keep = MAX_CACHED_WORKSPACES): void {
  try {
    const dirs = fs
      .readdirSync(home, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^[0-9a-f]{20}$/.test(e.name))
      .map((e) => ({ dir: path.join(home, e.name), used: fs.statSync(path.join(home, e.name)).mtimeMs }))
      .sort((a, b) => b.used - a.used);
    for (const d of dirs.slice(keep)) fs.rmSync(d.dir, { recursive: true, force: true });
  } catch {
    // pruning is housekeeping: never a reason to fail
  }
}

let fingerprints: { facts: string; engine: string } | undefined;

/**
 * Identifies the code that produced cached data. Facts depend on the extractor (parser and
 * detectors); a whole result also on the linker and rules. Bundled, the bundles' size and
 * modification time identify them; from sources (tests), the engine's source files do.
 */
export function engineFingerprints(): { facts: string; engine: string } {
  if (fingerprints) return fingerprints;
  const stamp = (files: string[]): string => {
    const h = createHash('sha1').update(String(CACHE_FORMAT_VERSION));
    for (const f of files) {
      try {
        const st = fs.statSync(f);
        h.update(`${f}\u0000${st.size}\u0000${st.mtimeMs}\u0000`);
      } catch {
        h.update(`${f}\u0000missing\u0000`);
      }
    }
    return h.digest('hex').slice(0, 16);
  };
  if (__filename.endsWith('.ts')) {
    // running from sources: every file of the engine counts
    const analysisDir = path.resolve(__dirname, '..');
    const all: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const abs = path.join(dir, e.name);
        if (e.isDirectory()) walk(abs);
        else if (e.name.endsWith('.ts')) all.push(abs);
      }
    };
    walk(analysisDir);
    walk(path.resolve(analysisDir, '..', 'architecture'));
    const facts = stamp(all.filter((f) => /[\\/](syntax|detectors|parallel)[\\/]|[\\/]facts\.ts$/.test(f)));
    fingerprints = { facts, engine: stamp(all) };
  } else {
    // bundled: dist/extract.js parses and detects; the running bundle links and checks
    const facts = stamp([path.join(__dirname, 'extract.js')]);
    fingerprints = { facts, engine: stamp([path.join(__dirname, 'extract.js'), __filename]) };
  }
  return fingerprints;
}
