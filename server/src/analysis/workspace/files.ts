/**
 * Finds the files of a workspace: source files to analyse and the manifests that describe
 * services (package.json, docker-compose, Kubernetes, .env, tsconfig, .proto). Never follows
 * symbolic links out of (or around) the tree, never reads node_modules or build output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

/** Options that decide which files are analysed. */
export interface FileOptions {
  /** Globs (relative to the root) of files to leave out, in addition to the defaults. */
  exclude?: string[];
  /** Globs that, when given, restrict analysis to matching files. */
  include?: string[];
  /** Analyse test code too (off by default: tests are not part of the architecture). */
  includeTests?: boolean;
  /** Files larger than this many bytes are skipped with a message. */
  maxFileBytes?: number;
}

/** Default size above which a file is skipped (generated bundles, vendored code). */
export const DEFAULT_MAX_FILE_BYTES = 1_000_000;

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.turbo', '.cache', '.serverless', 'cdk.out', '.aws-sam', 'vendor', 'bower_components', '.yarn', '.pnpm-store', 'tmp', '.idea', '.vscode']);
/** Output folder names that are also ordinary names for code folders under `src/`. */
const OUTPUT_NAMES = new Set(['build', 'out', 'dist', 'tmp']);
const SOURCE_RE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const TEST_FILE_RE = /\.(spec|test|e2e-spec|e2e|stories)\.[cm]?[jt]sx?$/;
/** `orders-test.ts`, `db_spec.js`: test names by a weaker convention, also used for ordinary code (`rabbitmq-test.ts` routes). */
const WEAK_TEST_FILE_RE = /[-_](spec|test|e2e-spec|e2e|stories)\.[cm]?[jt]sx?$/;
/** What a test file contains: test-framework calls or imports. */
const TEST_CONTENT_RE = /(^|[^\w.])(describe|it|test|suite)\s*\(\s*['"`]|from\s+['"](jest|mocha|vitest|node:test|ava|tap|chai|supertest|@jest\/globals|@playwright\/test)['"]|require\(\s*['"](mocha|chai|ava|tap|supertest|node:test)['"]\s*\)/;
const TEST_DIRS = new Set(['test', 'tests', '__tests__', '__mocks__', 'e2e', 'spec', '__fixtures__', 'fixtures', 'mocks', 'cypress', 'playwright']);
const MANIFEST_RE = /^(package\.json|tsconfig(\..*)?\.json|nest-cli\.json|project\.json|nx\.json|workspace\.json|pnpm-workspace\.yaml|turbo\.json|lerna\.json|\.env(\..*)?|(docker-)?compose(\..*)?\.ya?ml|.*\.proto|.*\.prisma|serverless\.ya?ml|template\.ya?ml|cdk\.json|dapr\.ya?ml|.*\.graphql|.*\.gql|Dockerfile(\..*)?|.*\.Dockerfile|Procfile)$/;
const YAML_RE = /\.ya?ml$/;
/** SQL files that declare tables: migrations and schema scripts (not dumps or ad-hoc queries). */
const SCHEMA_SQL_RE = /(^|\/)(migrations?|migrate|db|database|sql|schema|schemas|prisma|initdb|init)\/.*\.sql$|(^|\/)[^/]*(schema|init|migration|create)[^/]*\.sql$/i;

/** What was found under the root. */
export interface FileInventory {
  /** Source files to analyse (relative paths, forward slashes), sorted. */
  sources: string[];
  /** Manifests and other non-source inputs (relative paths), sorted. */
  manifests: string[];
  /** YAML files that may be Kubernetes manifests. */
  yaml: string[];
  /** Files left out, each with a reason, reported once. */
  skipped: { file: string; reason: string }[];
  /** Source files excluded as test code (kept so tests can say why). */
  tests: string[];
}

/** True for paths that are test code by convention. */
export function isTestPath(rel: string): boolean {
  if (TEST_FILE_RE.test(rel)) return true;
  return rel.split('/').slice(0, -1).some((seg) => TEST_DIRS.has(seg));
}

/**
 * True for a file named like a test by the weaker `-test`/`_spec` convention whose text is a test
 * (framework calls or imports): the name alone also fits ordinary code.
 */
export function isWeakTestFile(rel: string, read: () => string): boolean {
  if (!WEAK_TEST_FILE_RE.test(rel)) return false;
  try {
    return TEST_CONTENT_RE.test(read());
  } catch {
    return false;
  }
}

/** The include and exclude globs of the options, compiled. */
function matchers(options: FileOptions): { exclude?: (p: string) => boolean; include?: (p: string) => boolean } {
  const out: { exclude?: (p: string) => boolean; include?: (p: string) => boolean } = {};
  if (options.exclude?.length) out.exclude = picomatch(options.exclude, { dot: true });
  if (options.include?.length) out.include = picomatch(options.include, { dot: true });
  return out;
}

/** True for a folder the listing leaves out (`rel`: its path, `name`: its last segment). */
function leavesOutFolder(name: string, rel: string, exclude: ((p: string) => boolean) | undefined): boolean {
  // `build`, `out`, `dist`, `tmp` inside a source folder are code (`src/core/build/build.controller.ts`), not output
  if (SKIPPED_DIRS.has(name) && !(OUTPUT_NAMES.has(name) && /(^|\/)src\//.test(rel))) return true;
  if (name.startsWith('.') && name !== '.github') return true;
  return !!(exclude?.(rel) || exclude?.(rel + '/'));
}

/** What the listing makes of a file that is not a manifest: left out, test code, or a source (its size not yet checked). */
function sourceOrTest(root: string, rel: string, name: string, include: ((p: string) => boolean) | undefined, includeTests: boolean | undefined): 'none' | 'test' | 'source' {
  if (!SOURCE_RE.test(name) || name.endsWith('.d.ts') || /\.min\.[cm]?js$/.test(name)) return 'none';
  if (include && !include(rel)) return 'none';
  if (!includeTests && (isTestPath(rel) || isWeakTestFile(rel, () => fs.readFileSync(path.join(root, rel), 'utf8')))) return 'test';
  return 'source';
}

/** Lists the workspace's files; iterative so deep trees cannot overflow the stack. */
export function listFiles(root: string, options: FileOptions = {}): FileInventory {
  const inv: FileInventory = { sources: [], manifests: [], yaml: [], skipped: [], tests: [] };
  const { exclude, include } = matchers(options);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // symbolic links are never followed below the root, so no folder is reached twice and none needs
  // resolving (a realpath per folder was most of listing a large workspace)
  const stack: string[] = [''];
  while (stack.length) {
    const rel = stack.pop()!;
    const abs = path.join(root, rel);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      inv.skipped.push({ file: rel || '.', reason: `folder could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (!leavesOutFolder(entry.name, childRel, exclude)) stack.push(childRel);
        continue;
      }
      if (!entry.isFile()) continue;
      if (exclude?.(childRel)) continue;
      if (MANIFEST_RE.test(entry.name) || SCHEMA_SQL_RE.test(childRel)) inv.manifests.push(childRel);
      else if (YAML_RE.test(entry.name)) inv.yaml.push(childRel);
      const kind = sourceOrTest(root, childRel, entry.name, include, options.includeTests);
      if (kind === 'none') continue;
      if (kind === 'test') {
        inv.tests.push(childRel);
        continue;
      }
      let size = 0;
      try {
        size = fs.statSync(path.join(root, childRel)).size;
      } catch {
        continue;
      }
      if (size > maxBytes) {
        inv.skipped.push({ file: childRel, reason: `larger than ${maxBytes} bytes (${size}); raise switchboard.analysis.maxFileBytes to include it` });
        continue;
      }
      inv.sources.push(childRel);
    }
  }
  inv.sources.sort();
  inv.manifests.sort();
  inv.yaml.sort();
  inv.tests.sort();
  return inv;
}

/** Reads a text file; undefined when unreadable. Binary content is reported by the caller. */
export function readText(root: string, rel: string): string | undefined {
  try {
    return fs.readFileSync(path.join(root, rel), 'utf8');
  } catch {
    return undefined;
  }
}

/** True when text looks like a binary file or a minified bundle (not worth parsing). */
export function unreadableReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'binary content';
  // bytes that are not UTF-8 decode to U+FFFD: a few are a stray Latin-1 comment, many are not text at all
  let bad = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) bad++;
  if (bad > 16 && bad > text.length / 20) return 'binary content (not UTF-8 text)';
  if (text.length > 20_000) {
    const lines = text.split('\n').length;
    if (text.length / lines > 1000) return 'minified or generated (very long lines)';
  }
  return undefined;
}

/**
 * Where `listFiles` would put one file, without listing the workspace: `source` or `test`, `none`
 * when it would not list the file at all, or undefined when one file cannot tell (a manifest, a
 * skipped file, a folder, a symbolic link on the way, a file that is not there): then list again.
 * The language server uses it for a file created while editing.
 */
export function classifyFile(root: string, rel: string, options: FileOptions = {}): 'source' | 'test' | 'none' | undefined {
  const { exclude, include } = matchers(options);
  const parts = rel.split('/');
  const name = parts[parts.length - 1]!;
  if (!name || parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  // the folders on the way, as the walk meets them
  for (let i = 0; i < parts.length - 1; i++) {
    const dir = parts.slice(0, i + 1).join('/');
    const seg = parts[i]!;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(path.join(root, dir));
    } catch {
      return undefined;
    }
    if (st.isSymbolicLink() || !st.isDirectory()) return undefined;
    if (leavesOutFolder(seg, dir, exclude)) return 'none';
  }
  let st: fs.Stats;
  try {
    st = fs.lstatSync(path.join(root, rel));
  } catch {
    return undefined;
  }
  if (!st.isFile()) return st.isSymbolicLink() ? 'none' : undefined;
  if (exclude?.(rel)) return 'none';
  if (MANIFEST_RE.test(name) || SCHEMA_SQL_RE.test(rel) || YAML_RE.test(name)) return undefined;
  const kind = sourceOrTest(root, rel, name, include, options.includeTests);
  if (kind !== 'source') return kind;
  if (st.size > (options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)) return undefined;
  return 'source';
}
