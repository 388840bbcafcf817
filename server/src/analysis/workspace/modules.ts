/**
 * Module resolution without node_modules: relative imports, tsconfig `paths` aliases (with
 * `extends`), and workspace packages by their package.json name.
 */
import * as path from 'node:path';
import { parseJsonc } from './manifests';

interface PathsConfig {
  dir: string;
  baseUrl: string;
  paths: [string, string[]][];
  /** `baseUrl` is set: bare specifiers may resolve against it (`import x from 'routes/user'`). */
  bare: boolean;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Resolves import specifiers to analysed files. */
export class ModuleResolver {
  private readonly files: Set<string>;
  private readonly configs: PathsConfig[] = [];
  private readonly packages = new Map<string, string>();
  private readonly cache = new Map<string, string | undefined>();

  constructor(files: readonly string[], manifests: readonly string[], read: (rel: string) => string | undefined) {
    this.files = new Set(files);
    for (const m of manifests) {
      const base = path.posix.basename(m);
      if (/^tsconfig.*\.json$/.test(base)) this.loadTsconfig(m, read);
      else if (base === 'package.json') {
        const json = parseJsonc(read(m) ?? '') as { name?: string } | undefined;
        if (json?.name) this.packages.set(json.name, dirOf(m));
      }
    }
    // deepest configs first: a file uses the nearest tsconfig that declares paths
    this.configs.sort((a, b) => b.dir.length - a.dir.length);
  }

  private loadTsconfig(rel: string, read: (rel: string) => string | undefined, seen = new Set<string>()): { baseUrl?: string; paths?: Record<string, string[]> } {
    if (seen.has(rel) || seen.size > 10) return {};
    seen.add(rel);
    const json = parseJsonc(read(rel) ?? '') as { extends?: string | string[]; compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } | undefined;
    if (!json) return {};
    const dir = dirOf(rel);
    let inherited: { baseUrl?: string; paths?: Record<string, string[]> } = {};
    for (const ext of typeof json.extends === 'string' ? [json.extends] : (json.extends ?? [])) {
      if (!ext.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(dir, ext.endsWith('.json') ? ext : ext + '.json'));
      inherited = { ...inherited, ...this.loadTsconfig(target, read, seen) };
    }
    const co = json.compilerOptions ?? {};
    const baseUrl = co.baseUrl !== undefined ? path.posix.normalize(path.posix.join(dir, co.baseUrl)) : inherited.baseUrl;
    const paths = co.paths ?? inherited.paths;
    if (seen.size === 1 && (paths || baseUrl !== undefined)) {
      this.configs.push({ dir, baseUrl: (baseUrl ?? dir).replace(/^\.$/, ''), paths: Object.entries(paths ?? {}), bare: baseUrl !== undefined });
    }
    const out: { baseUrl?: string; paths?: Record<string, string[]> } = {};
    if (baseUrl !== undefined) out.baseUrl = baseUrl;
    if (paths) out.paths = paths;
    return out;
  }

  /** A source file appeared: any import may now reach it (or reach it first), so resolutions are redone. */
  addFile(rel: string): void {
    if (this.files.has(rel)) return;
    this.files.add(rel);
    this.cache.clear();
  }

  /** A source file is gone: only the imports that reached it resolve differently now. */
  removeFile(rel: string): void {
    if (!this.files.delete(rel)) return;
    for (const [key, target] of this.cache) if (target === rel) this.cache.delete(key);
  }

  /** The analysed file an import from `fromFile` refers to, or undefined for external packages. */
  resolve(fromFile: string, spec: string): string | undefined {
    const key = `${dirOf(fromFile)}\u0000${spec}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const result = this.resolveUncached(fromFile, spec);
    this.cache.set(key, result);
    return result;
  }

  private resolveUncached(fromFile: string, spec: string): string | undefined {
    if (spec.startsWith('.')) return this.tryFile(path.posix.normalize(path.posix.join(dirOf(fromFile), spec)));
    for (const c of this.configs) {
      if (c.dir && !fromFile.startsWith(c.dir + '/')) continue;
      for (const [pattern, targets] of c.paths) {
        const star = pattern.indexOf('*');
        let rest: string | undefined;
        if (star < 0) rest = pattern === spec ? '' : undefined;
        else if (spec.startsWith(pattern.slice(0, star)) && spec.endsWith(pattern.slice(star + 1))) rest = spec.slice(star, spec.length - (pattern.length - star - 1));
        if (rest === undefined) continue;
        for (const t of targets) {
          const hit = this.tryFile(path.posix.normalize(path.posix.join(c.baseUrl, t.replace('*', rest))));
          if (hit) return hit;
        }
      }
    }
    for (const c of this.configs) {
      if (!c.bare || (c.dir && !fromFile.startsWith(c.dir + '/'))) continue;
      const hit = this.tryFile(path.posix.normalize(path.posix.join(c.baseUrl, spec)));
      if (hit) return hit;
    }
    // workspace packages: "@shop/http-client" or "@shop/http-client/sub"
    const parts = spec.split('/');
    const pkgName = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    const pkgDir = this.packages.get(pkgName);
    if (pkgDir !== undefined) {
      const sub = parts.slice(spec.startsWith('@') ? 2 : 1).join('/');
      for (const cand of sub ? [`${pkgDir}/${sub}`, `${pkgDir}/src/${sub}`] : [`${pkgDir}/src/index`, `${pkgDir}/index`, `${pkgDir}/lib/index`, `${pkgDir}/src/main`]) {
        const hit = this.tryFile(cand.replace(/^\//, ''));
        if (hit) return hit;
      }
    }
    return undefined;
  }

  private tryFile(base: string): string | undefined {
    const b = base.replace(/^\.\//, '').replace(/\/$/, '');
    if (this.files.has(b)) return b;
    const noJs = b.replace(/\.(js|jsx|mjs|cjs)$/, '');
    for (const ext of EXTENSIONS) if (this.files.has(noJs + ext)) return noJs + ext;
    for (const ext of EXTENSIONS) if (this.files.has(`${b}/index${ext}`)) return `${b}/index${ext}`;
    return undefined;
  }
}

function dirOf(rel: string): string {
  const d = path.posix.dirname(rel);
  return d === '.' ? '' : d;
}
