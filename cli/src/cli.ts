/**
 * The `switchboard` command: analyze, check, diff and lsp over the same engine as the server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, AnalysisInputError } from '../../server/src/analysis/analyze';
import type { AnalysisResult, Severity } from '../../server/src/analysis/model';
import { diffAgainstRef } from '../../server/src/analysis/diff/against-ref';
import { DIFF_FORMATS } from '../../server/src/analysis/diff/render';
import { FORMAT_NAMES, outputFormat } from '../../server/src/analysis/report/formats';
import { failingFindings, toLint } from '../../server/src/analysis/report/lint';
import { RULES, type RuleSettings } from '../../server/src/analysis/rules';
import { settingsFromFlags } from '../../server/src/analysis/rules/settings';
import { type ArchitectureInput, workspaceProblems } from '../../server/src/architecture/check';
import { findArchitecture, loadArchitecture } from '../../server/src/architecture/locate';

/** Exit codes: distinct for findings, bad usage and internal errors. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

declare const SWITCHBOARD_VERSION: string | undefined;

function version(): string {
  if (typeof SWITCHBOARD_VERSION === 'string') return SWITCHBOARD_VERSION;
  try {
    let dir = __dirname;
    for (let i = 0; i < 5; i++) {
      const p = path.join(dir, 'package.json');
      if (fs.existsSync(p)) {
        const json = JSON.parse(fs.readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (json.name === 'switchboard' && json.version) return json.version;
      }
      dir = path.dirname(dir);
    }
  } catch {
    // fall through
  }
  return '0.0.0';
}

const HELP = `switchboard — how your TypeScript services talk to each other

Usage:
  switchboard analyze [dir] [--format text|json|sarif|markdown|mermaid|dot|asyncapi] [--output file]
      Analyse the services in dir (default: the current folder) and print the services,
      endpoints, interactions by communication style, synchronous chains and findings
      (asyncapi: the event catalog as an AsyncAPI 3.0 document, in YAML).
      Exits 0 whenever the analysis ran, findings or not.
  switchboard check [dir] [--architecture file.switchboard] [--severity error|warning|info|hint]
      Like analyze, printed like a linter; exits 1 when a finding at or above the
      severity (default: warning) exists. Checks the code against the architecture
      file (the *.switchboard file at the root of dir, or --architecture): its
      divergences and absences are findings, and its own errors fail the check.
  switchboard diff [dir] --base <git ref> [--format text|json|markdown] [--output file]
      Compare dir as it is now (the working tree) with dir at the git ref: interactions,
      endpoints, published channels and event payload fields added or removed, and who
      still depends on what was removed. The base is read with git into a temporary
      folder; the repository and working tree are left untouched. Exits 1 when something
      removed is still depended on (a call, a consumer, a field read), 0 otherwise.
  switchboard lsp --stdio
      Run the Switchboard language server over stdio, for any LSP editor.

Options:
  --format <f>      Output format of analyze (text, json, sarif, markdown, mermaid, dot, asyncapi)
                    or of diff (text, json, markdown). Default: text.
  --output <file>   Write the report to a file instead of standard output.
  --base <ref>      The git ref diff compares with (a branch, tag, commit, HEAD~1).
  --rule <id=level> Set a rule's severity: off, error, warning, info or hint (repeatable).
  --rule-option <id.key=value>
                    Set a rule option, e.g. sync-chain-too-long.maxServices=4 (repeatable).
  --include-tests   Analyse test code too (left out by default).
  --exclude <glob>  Leave out files matching the glob (repeatable).
  --max-file-bytes <n>
                    Skip (with a message) source files larger than this many bytes,
                    like generated or minified bundles. Default: 1000000.
  --no-cache        Do not read or write the persistent cache (by default kept under
                    $XDG_CACHE_HOME/switchboard or ~/.cache/switchboard, never in dir).
  --cache-dir <d>   Keep the persistent cache in this folder instead.
  --workers <n>     Worker threads for parsing (0: none). Default: the cores, when there is enough to parse.
  -h, --help        Show this help.
  -v, --version     Show the version.

Exit codes: 0 success, 1 findings (check) or breaking removals (diff), 2 bad usage, 3 internal error.
`;

const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];

class UsageError extends Error {}

/** Runs the CLI; resolves to the exit code. */
export async function run(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      out.write(HELP);
      return command ? EXIT.ok : EXIT.usage;
    }
    if (command === '-v' || command === '--version') {
      out.write(`${version()}\n`);
      return EXIT.ok;
    }
    switch (command) {
      case 'analyze':
        return runAnalyze(rest, out);
      case 'check':
        return runCheck(rest, out);
      case 'diff':
        return runDiff(rest, out);
      case 'lsp':
        return await runLsp(rest);
      default:
        throw new UsageError(`unknown command "${command}" (try: switchboard --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof AnalysisInputError) {
      err.write(`switchboard: ${firstLine(error.message)}\n`);
      return EXIT.usage;
    }
    if (error instanceof Error && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      err.write(`switchboard: ${firstLine(error.message)}\n`);
      return EXIT.usage;
    }
    // a bug of ours, not of the input: its own exit code, and the stack for the bug report
    err.write(`switchboard: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.internal;
  }
}

/** One problem, one line: messages that span lines (parseArgs' hints) keep their first. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function common(args: string[], extra: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'include-tests': { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      'cache-dir': { type: 'string' },
      workers: { type: 'string' },
      'max-file-bytes': { type: 'string' },
      exclude: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
      rule: { type: 'string', multiple: true },
      'rule-option': { type: 'string', multiple: true },
      ...extra,
    },
  });
  const parsed = settingsFromFlags((values.rule as string[] | undefined) ?? [], (values['rule-option'] as string[] | undefined) ?? [], RULES);
  if (parsed.problems.length) throw new UsageError(parsed.problems.join('; '));
  const rules: RuleSettings = parsed.settings;
  if (positionals.length > 1) throw new UsageError(`expected one folder, got ${positionals.length}: ${positionals.join(' ')}`);
  const dir = positionals[0] ?? '.';
  if (values['no-cache'] && values['cache-dir'] !== undefined) throw new UsageError('--no-cache and --cache-dir contradict each other (use one)');
  if (!fs.existsSync(dir)) throw new UsageError(`folder not found: ${dir}`);
  if (!fs.statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${dir}`);
  return { values: values as Record<string, unknown>, dir, rules };
}

function runAnalyze(args: string[], out: NodeJS.WritableStream): number {
  const { values, dir, rules } = common(args, { format: { type: 'string' }, output: { type: 'string' } });
  if (values.help) {
    out.write(HELP);
    return EXIT.ok;
  }
  const format = (values.format as string | undefined) ?? 'text';
  const renderer = outputFormat(format);
  if (!renderer) throw new UsageError(`unknown format "${format}" (expected one of: ${FORMAT_NAMES.join(', ')})`);
  const model = analyze(dir, { includeTests: !!values['include-tests'], exclude: (values.exclude as string[] | undefined) ?? [], rules, ...engineOptions(values) });
  write(renderer.render(model, { version: version() }), values.output as string | undefined, out);
  return EXIT.ok;
}

function write(text: string, file: string | undefined, out: NodeJS.WritableStream): void {
  if (!file) {
    out.write(text);
    return;
  }
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function runDiff(args: string[], out: NodeJS.WritableStream): number {
  const { values, dir, rules } = common(args, { base: { type: 'string' }, format: { type: 'string' }, output: { type: 'string' } });
  if (values.help) {
    out.write(HELP);
    return EXIT.ok;
  }
  const ref = values.base as string | undefined;
  if (!ref) throw new UsageError('diff needs --base <git ref> (a branch, tag or commit to compare with)');
  const format = (values.format as string | undefined) ?? 'text';
  const render = Object.hasOwn(DIFF_FORMATS, format) ? DIFF_FORMATS[format] : undefined;
  if (!render) throw new UsageError(`unknown diff format "${format}" (expected one of: ${Object.keys(DIFF_FORMATS).join(', ')})`);
  const { diff, base } = diffAgainstRef(dir, ref, { includeTests: !!values['include-tests'], exclude: (values.exclude as string[] | undefined) ?? [], rules, ...engineOptions(values) });
  write(render(diff, base), values.output as string | undefined, out);
  return diff.breaking ? EXIT.findings : EXIT.ok;
}

function runCheck(args: string[], out: NodeJS.WritableStream): number {
  const { values, dir, rules } = common(args, { severity: { type: 'string' }, architecture: { type: 'string' } });
  if (values.help) {
    out.write(HELP);
    return EXIT.ok;
  }
  const threshold = (values.severity as Severity | undefined) ?? 'warning';
  if (!SEVERITIES.includes(threshold)) throw new UsageError(`unknown severity "${threshold}" (expected one of: ${SEVERITIES.join(', ')})`);
  const architecture = architectureOf(dir, values.architecture as string | undefined);
  const model = analyze(dir, { includeTests: !!values['include-tests'], exclude: (values.exclude as string[] | undefined) ?? [], rules, architecture: architecture ?? null, ...engineOptions(values) });
  const problems = architectureProblems(dir, architecture, model, threshold, out);
  out.write(toLint(model, threshold));
  return failingFindings(model, threshold).length || problems ? EXIT.findings : EXIT.ok;
}

/** The architecture file `check` uses: `--architecture`, or the `*.switchboard` file at the root of dir. */
function architectureOf(dir: string, explicit: string | undefined): ArchitectureInput | undefined {
  if (explicit === undefined) return findArchitecture(path.resolve(dir), (rel) => readOrUndefined(path.join(dir, rel)), RULES);
  const text = readOrUndefined(explicit);
  if (text === undefined) throw new UsageError(`architecture file not found: ${explicit}`);
  return loadArchitecture(path.relative(dir, explicit).split(path.sep).join('/'), text, RULES);
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Prints the architecture file's own problems like findings; returns how many are at or above the threshold. */
function architectureProblems(dir: string, architecture: ArchitectureInput | undefined, model: AnalysisResult, threshold: Severity, out: NodeJS.WritableStream): number {
  if (!architecture) return 0;
  const isFolder = (rel: string): boolean => fs.existsSync(path.join(dir, rel)) && fs.statSync(path.join(dir, rel)).isDirectory();
  const problems = [...architecture.policy.problems, ...workspaceProblems(architecture.policy, { services: model.services, isFolder })].sort(
    (a, b) => a.range.start.offset - b.range.start.offset,
  );
  for (const p of problems) out.write(`${architecture.file}:${p.range.start.line}:${p.range.start.column}: ${p.severity}: ${p.message} [${p.code}]\n`);
  const failing = problems.filter((p) => SEVERITIES.indexOf(p.severity) <= SEVERITIES.indexOf(threshold)).length;
  if (problems.length) out.write(`${architecture.file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the architecture file, ${failing} at or above ${threshold}\n\n`);
  return failing;
}

/** The persistent cache (on unless --no-cache) and the worker threads the flags ask for. */
function engineOptions(values: Record<string, unknown>): { cache: boolean | string; workers?: number; maxFileBytes?: number } {
  const out: { cache: boolean | string; workers?: number; maxFileBytes?: number } = { cache: values['no-cache'] ? false : ((values['cache-dir'] as string | undefined) ?? true) };
  if (values['max-file-bytes'] !== undefined) {
    const n = Number(values['max-file-bytes']);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--max-file-bytes needs a whole number of bytes, got ${String(values['max-file-bytes'])}`);
    out.maxFileBytes = n;
  }
  if (values.workers !== undefined) {
    const n = Number(values.workers);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`--workers needs a whole number, got ${String(values.workers)}`);
    out.workers = n;
  }
  return out;
}

async function runLsp(args: string[]): Promise<number> {
  if (!args.includes('--stdio')) throw new UsageError('lsp needs --stdio (the only transport supported)');
  if (!__filename.endsWith('.ts')) {
    // bundled: run the server bundle next to this one (it reads --stdio from the arguments), so the CLI bundle stays free of TypeScript
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle found at run time
    require(path.join(__dirname, 'server.js'));
    return new Promise<number>(() => undefined);
  }
  const { createConnection, ProposedFeatures } = await import('vscode-languageserver/node');
  // from sources (tests): the server module itself, by a computed path the bundler leaves alone
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const { startServer } = require(path.join(__dirname, '..', '..', 'server', 'src', 'server')) as typeof import('../../server/src/server');
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection);
  // the process lives until the client sends exit
  return new Promise<number>(() => undefined);
}
