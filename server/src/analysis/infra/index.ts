/**
 * Infrastructure-defined wiring: reads AWS CDK (from the facts of TypeScript files), Serverless
 * Framework (`serverless.yml`) and SAM templates into one model, and decides which service each
 * function belongs to.
 *
 * What a service is here: the Serverless Framework says it itself (one `serverless.yml` is one
 * service). In a CDK app or a SAM template the stack is a deployment unit that often bundles
 * several services, so a service is the folder of a function's handler code: functions whose
 * handlers share a folder are one service (`src/orders/create.ts` and `src/orders/get.ts` are
 * `orders`). A folder that only collects the handlers of many functions side by side (`lambda/`,
 * `functions/`, `handlers/`, or the app's own folder) is not a service: there each function is a
 * service of its own, named after its handler file. A handler inside a package that discovery
 * already found, or in a package of its own (its own package.json), belongs to that package. A function whose code is
 * not TypeScript or JavaScript (Python, Go, Java, a container) is a service marked not analysed,
 * with the routes and subscriptions the infrastructure gives it. A Step Functions state machine is
 * a service of its own, an orchestrator, rooted at the file that declares it.
 */
import * as path from 'node:path';
import type { FileFacts, Sym } from '../facts';
import type { ServiceInfo } from '../workspace/services';
import { readCdk } from './cdk';
import { readCloudFormationApps } from './cloudformation';
import { emptyInfra, type InfraFunction, type InfraModel } from './model';

export { emptyInfra, type InfraModel } from './model';

/** What reading the infrastructure needs from the workspace. */
export interface InfraInput {
  facts: ReadonlyMap<string, FileFacts>;
  manifests: readonly string[];
  sources: readonly string[];
  read: (rel: string) => string | undefined;
  resolve: (sym: Sym, file: string) => string;
  /** The data a module exports under a name (a serverless.ts function definition), when known. */
  importValue?: (file: string, module: string, name: string) => unknown;
}

const CODE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];

/** Reads every kind of infrastructure code in the workspace. */
export function readInfrastructure(input: InfraInput): InfraModel {
  const model = emptyInfra();
  const sources = new Set(input.sources);
  const sourceFile = (base: string): string | undefined => {
    const b = base.replace(/^\.\//, '');
    for (const ext of CODE_EXTENSIONS) if (sources.has(b + ext)) return b + ext;
    for (const ext of CODE_EXTENSIONS) if (sources.has(`${b}/index${ext}`)) return `${b}/index${ext}`;
    return undefined;
  };
  const cdkRoots = input.manifests.filter((m) => path.posix.basename(m) === 'cdk.json').map(dirOf);
  const packageRoots = input.manifests.filter((m) => path.posix.basename(m) === 'package.json').map(dirOf);
  const appRoot = (file: string): string => nearest(file, cdkRoots) ?? nearest(file, packageRoots) ?? '';
  readCdk({ facts: input.facts, resolve: input.resolve, sourceFile, appRoot }, model);
  const configs = [...input.facts.values()].filter((f) => f.serverless?.kind === 'config').map((f) => ({ file: f.file, value: f.serverless!.value }));
  readCloudFormationApps({ manifests: input.manifests, read: input.read, sourceFile, configs, importValue: input.importValue ?? (() => undefined) }, model);
  for (const fn of model.functions) {
    const pkg = fn.handlerFile ? nearest(fn.handlerFile, packageRoots) : undefined;
    if (pkg && pkg !== fn.unit.root && pkg !== appRoot(fn.file)) fn.packageRoot = pkg;
  }
  return model;
}

/** Folder names that collect the handlers of many functions rather than hold one service. */
const HANDLER_FOLDERS = /^(lambdas?|functions?|handlers?|fns?|src|lib|app|code|api|backend|services|resources|runtime|assets?)$/i;

/**
 * Adds the services the infrastructure reveals (or merges into discovered ones) and assigns each
 * function its service: names, hosts (the function names other code invokes), environment.
 */
export function addInfraServices(model: InfraModel, services: ServiceInfo[]): void {
  if (!model.functions.length && !model.machines.length) return;
  const sorted = () => [...services].filter((s) => !s.notAnalysed).sort((a, b) => b.root.length - a.root.length);
  const unitRoots = new Set(model.functions.map((f) => f.unit.root));
  const owning = (file: string): ServiceInfo | undefined =>
    sorted().find((s) => (s.root === '' || file === s.root || file.startsWith(s.root + '/')) && !unitRoots.has(s.root) && s.root !== '');
  // handler folders shared by functions with different handler files
  const byFolder = new Map<string, Set<string>>();
  for (const fn of model.functions) {
    if (!fn.handlerFile) continue;
    const d = dirOf(fn.handlerFile);
    (byFolder.get(d) ?? byFolder.set(d, new Set()).get(d)!).add(fn.handlerFile);
  }
  const groups = new Map<string, { root: string; name: string; fns: InfraFunction[]; notAnalysed: boolean; by: string }>();
  for (const fn of model.functions) {
    let root: string;
    let name: string;
    let notAnalysed = false;
    const existing = fn.handlerFile ? owning(fn.handlerFile) : undefined;
    if (existing && fn.source !== 'serverless') {
      root = existing.root;
      name = existing.name;
    } else if (fn.source === 'serverless') {
      root = fn.unit.root;
      name = fn.unit.name ?? (path.posix.basename(fn.unit.root) || 'serverless');
      if (!fn.handlerFile && !isNode(fn)) notAnalysed = true;
    } else if (fn.packageRoot) {
      // a package of its own in a monorepo (`packages/service-orders`): the package is the service
      root = fn.packageRoot;
      name = path.posix.basename(fn.packageRoot);
    } else if (fn.handlerFile) {
      const folder = dirOf(fn.handlerFile);
      // a folder collecting many functions' handlers side by side: each function is a service
      const flat = HANDLER_FOLDERS.test(path.posix.basename(folder)) || unitRoots.has(folder) || folder === '';
      if (flat && (byFolder.get(folder)?.size ?? 0) > 1) {
        root = fn.handlerFile;
        name = path.posix.basename(fn.handlerFile).replace(/\.[^.]+$/, '');
        if (/^(index|handler|main|app)$/.test(name)) name = kebab(fn.name);
      } else {
        root = folder;
        name = flat ? path.posix.basename(fn.handlerFile).replace(/\.[^.]+$/, '') : path.posix.basename(folder);
        if (!name || /^(index|handler|main|app)$/.test(name)) name = kebab(fn.name);
      }
    } else {
      // code that is not analysed: Python, Go, Java, containers, or a handler that could not be found
      root = fn.codeDir ?? fn.file;
      name = kebab(fn.name);
      notAnalysed = true;
      if (isNode(fn)) model.messages.push({ file: fn.file, message: `handler of function ${fn.name} not found${fn.codeDir !== undefined ? ` under ${fn.codeDir || '.'}` : ''}; shown as not analysed` });
    }
    const key = `${root}|${notAnalysed ? fn.key : ''}`;
    const g = groups.get(key) ?? { root, name, fns: [], notAnalysed, by: fn.source === 'cdk' ? 'aws-cdk' : fn.source };
    g.fns.push(fn);
    groups.set(key, g);
  }
  const used = new Set(services.map((s) => s.name));
  for (const g of groups.values()) {
    let svc = services.find((s) => s.root === g.root && !!s.notAnalysed === g.notAnalysed && (!g.notAnalysed || s.hosts.includes(g.fns[0]!.name)));
    if (!svc) {
      let name = g.name;
      for (let i = 2; used.has(name); i++) name = `${g.name}-${i}`;
      used.add(name);
      svc = { name, root: g.root, hosts: [name], ports: [], hostPorts: [], discoveredBy: [], env: {} };
      if (g.notAnalysed) svc.notAnalysed = true;
      services.push(svc);
    }
    if (!svc.discoveredBy.includes(g.by)) svc.discoveredBy.push(g.by);
    for (const fn of g.fns) {
      fn.service = svc.name;
      for (const h of [fn.name, ...fn.aliases]) if (!svc.hosts.includes(h)) svc.hosts.push(h);
      // what the infrastructure hands the function is what it runs with
      svc.env = { ...svc.env, ...fn.env };
    }
  }
  for (const m of model.machines) {
    if (services.some((s) => s.name === m.name && s.discoveredBy.includes('step-functions'))) continue;
    let name = m.name;
    for (let i = 2; used.has(name); i++) name = `${m.name}-${i}`;
    used.add(name);
    m.name = name;
    services.push({ name, root: m.file, hosts: [name], ports: [], hostPorts: [], discoveredBy: ['step-functions'], env: {} });
  }
  for (const t of model.tasks) {
    // keep the tasks pointing at the (possibly renamed) machine
    const m = model.machines.find((x) => x.file === t.file);
    if (m && !services.some((s) => s.name === t.machine)) t.machine = m.name;
  }
}

function isNode(fn: InfraFunction): boolean {
  return !fn.runtime || fn.runtime === 'nodejs';
}

function kebab(s: string): string {
  return (
    s
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'function'
  );
}

function nearest(file: string, roots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const r of roots) if ((r === '' || file.startsWith(r + '/')) && (best === undefined || r.length > best.length)) best = r;
  return best;
}

function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '.' ? '' : d;
}
