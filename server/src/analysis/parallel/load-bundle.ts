/**
 * Loading the parser bundle (`dist/extract.js`, 14 MB with TypeScript inside) with V8's code
 * cache. Compiling that bundle costs each thread about 0.25 s of a cold run; `<bundle>.v8cache`,
 * written by the build after a warm-up extraction (scripts/code-cache.ts), brings it to about
 * 0.1 s (measured: it speeds up the start, not a long extraction). It is V8's own format, checked
 * by V8 against the engine's version and flags; V8 compares only the source's length, so the file
 * starts with the bundle's size and modification time, and a cache of another build is not used.
 * When it is missing, stale or rejected (another Node, other V8 flags), the bundle compiles as
 * usual and nothing else changes.
 *
 * `loadBundle` must not refer to anything outside itself: the worker threads run its source text
 * (`LOAD_BUNDLE_SOURCE`) before the bundle exists in them.
 */

/** What loading the bundle left behind: its exports, and whether V8 used the code cache. */
export interface LoadedBundle {
  exports: unknown;
  /** `used`: V8 took the cache; `rejected`: there was one and V8 refused it; `none`: there was none. */
  codeCache: 'used' | 'rejected' | 'none';
  /** The `<bundle>.v8cache` file's content for the bundle as it is now (the build writes it after warming it up). */
  createCodeCache(): Buffer;
}

/** Loads a CommonJS bundle like `require` does, with `<file>.v8cache` as V8's code cache when it is there. */
export function loadBundle(file: string, req: NodeJS.Require): LoadedBundle {
  const fs = req('node:fs') as typeof import('node:fs');
  const path = req('node:path') as typeof import('node:path');
  const vm = req('node:vm') as typeof import('node:vm');
  const source = fs.readFileSync(file, 'utf8');
  const stamp = (): string => {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}\n`;
  };
  let cachedData: Buffer | undefined;
  try {
    const stored = fs.readFileSync(`${file}.v8cache`);
    const header = stamp();
    if (stored.subarray(0, header.length).toString('latin1') === header) cachedData = stored.subarray(header.length);
  } catch {
    cachedData = undefined;
  }
  // the same wrapper Node puts around a CommonJS module
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: { exports: unknown }, f: string, d: string) => void;
  wrapper.call(module.exports, module.exports, req, module, file, path.dirname(file));
  return {
    exports: module.exports,
    codeCache: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used',
    createCodeCache: () => Buffer.concat([Buffer.from(stamp(), 'latin1'), script.createCachedData()]),
  };
}

/** `loadBundle` as source text, for the worker threads' bootstrap. */
export const LOAD_BUNDLE_SOURCE = loadBundle.toString();
