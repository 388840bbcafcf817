/**
 * Service discovery with no configuration: deployable packages, monorepo apps, docker-compose
 * and Kubernetes manifests. Shared libraries are not services; their code is attributed later
 * to the services that reach it.
 */
import * as path from 'node:path';
import type { FileFacts } from '../facts';
import type { Service } from '../model';
import { type ComposeService, type K8sService, type K8sWorkload, parseJsonc, readCompose, readDotenv, readKubernetes } from './manifests';

/** A discovered service with what the linker needs (environment, hosts). */
export interface ServiceInfo extends Service {
  env: Record<string, string>;
  /** Ports other services reach it on through localhost (compose host ports). */
  hostPorts: number[];
  packageName?: string;
}

/** Inputs to discovery: manifests by path and the facts of analysed files. */
export interface DiscoveryInput {
  manifests: string[];
  yaml: string[];
  read: (rel: string) => string | undefined;
  facts: ReadonlyMap<string, FileFacts>;
  messages: { file?: string; message: string }[];
  /** Declared services (architecture file / override), which win over discovery. */
  declared?: { name: string; root: string; hosts?: string[] }[];
}

const GENERIC_FOLDERS = new Set(['app', 'apps', 'server', 'service', 'api', 'src', 'backend', 'web', 'main', 'application', 'code', 'app']);

/** Folders of load tests, browser bots and tooling: images, but not part of the system's architecture. */
const TOOL_DIRS = /^(k6|load-?tests?|loadtest(ing)?|stress(-tests?)?|bench(marks?)?|perf(-tests?)?|puppeteer|playwright|cypress|e2e|scripts|tools|docs|storybook|devtools)$/i;

const LIB_DIR_RE = /(^|\/)(libs?|packages\/(common|shared|core|utils?|types|config)|shared|common)(\/|$)/;

/** A package directly under an `apps/` or `services/` folder. */
const APP_PACKAGE = /(^|\/)(apps|services)\/[^/]+$/;

/** A start or dev script that runs the package as a Node process (JSON text of `scripts`). */
const RUN_SCRIPT = /"(start|dev|serve)(:[^"]*)?":"[^"]*\b(tsx|ts-node|ts-node-dev|nodemon|node)\b/;

function dirOf(rel: string): string {
  const d = path.posix.dirname(rel);
  return d === '.' ? '' : d;
}

function baseName(root: string, pkgName?: string): string {
  if (root) return path.posix.basename(root);
  if (pkgName) return pkgName.replace(/^@[^/]+\//, '');
  return 'app';
}

/** Discovers services. */
export function discoverServices(input: DiscoveryInput): ServiceInfo[] {
  const { read } = input;
  const packages = new Map<string, { name?: string; deps: Set<string>; scripts: string; main?: string }>();
  const nestApps = new Set<string>();
  const nestLibs = new Set<string>();
  // Nx end-to-end test projects: `projectType: application` but only a test runner around another app
  const e2eProjects = new Set<string>();
  const composes: ComposeService[] = [];
  const k8sWorkloads: K8sWorkload[] = [];
  const k8sServices: K8sService[] = [];
  const dotenvs = new Map<string, Record<string, string>>();
  const envFile = (rel: string): Record<string, string> => {
    if (!dotenvs.has(rel)) {
      const t = read(rel);
      dotenvs.set(rel, t ? readDotenv(t) : {});
    }
    return dotenvs.get(rel)!;
  };

  for (const m of input.manifests) {
    const name = path.posix.basename(m);
    const text = read(m);
    if (text === undefined) continue;
    if (name === 'package.json') {
      const json = parseJsonc(text) as Record<string, unknown> | undefined;
      if (!json || typeof json !== 'object') {
        input.messages.push({ file: m, message: 'package.json is not valid JSON; ignored' });
        continue;
      }
      const deps = new Set<string>([...Object.keys((json.dependencies as object) ?? {}), ...Object.keys((json.devDependencies as object) ?? {})]);
      const info: { name?: string; deps: Set<string>; scripts: string; main?: string } = { deps, scripts: JSON.stringify(json.scripts ?? {}) };
      if (typeof json.name === 'string') info.name = json.name;
      if (typeof json.main === 'string') info.main = json.main;
      packages.set(dirOf(m), info);
    } else if (name === 'nest-cli.json') {
      const json = parseJsonc(text) as { projects?: Record<string, { type?: string; root?: string }> } | undefined;
      for (const p of Object.values(json?.projects ?? {})) {
        if (!p?.root) continue;
        const root = path.posix.join(dirOf(m), p.root);
        (p.type === 'library' ? nestLibs : nestApps).add(root);
      }
    } else if (name === 'project.json') {
      const json = parseJsonc(text) as { name?: string; projectType?: string; targets?: Record<string, unknown> } | undefined;
      if (isE2eProject(dirOf(m), json)) e2eProjects.add(dirOf(m));
      if (json?.projectType === 'application') nestApps.add(dirOf(m));
      if (json?.projectType === 'library') nestLibs.add(dirOf(m));
    } else if (/^(docker-)?compose(\..*)?\.ya?ml$/.test(name)) {
      composes.push(...readCompose(m, text, envFile));
    } else if (name.startsWith('.env')) {
      dotenvs.set(m, readDotenv(text));
    }
  }
  for (const y of input.yaml) {
    const text = read(y);
    if (!text) continue;
    const k = readKubernetes(y, text);
    k8sWorkloads.push(...k.workloads);
    k8sServices.push(...k.services);
  }

  // folders whose code starts a server or worker
  const startDirs = new Map<string, FileFacts[]>();
  for (const f of input.facts.values()) {
    if (f.starts.length === 0) continue;
    const d = dirOf(f.file);
    const list = startDirs.get(d) ?? [];
    list.push(f);
    startDirs.set(d, list);
  }
  const packageDirs = [...packages.keys()].sort((a, b) => b.length - a.length);
  const packageOf = (rel: string): string | undefined => packageDirs.find((d) => d === '' || rel === d || rel.startsWith(d + '/'));

  const roots = new Map<string, { discoveredBy: Set<string> }>();
  const addRoot = (root: string, by: string): void => {
    const r = roots.get(root) ?? { discoveredBy: new Set<string>() };
    r.discoveredBy.add(by);
    roots.set(root, r);
  };

  if (input.declared?.length) {
    for (const d of input.declared) addRoot(d.root, 'declared');
  } else {
    for (const c of composes) if (c.context !== undefined && (packages.has(c.context) || [...startDirs.keys()].some((d) => d === c.context || d.startsWith(c.context + '/')))) addRoot(c.context, 'docker-compose');
    for (const a of nestApps) addRoot(a, 'workspace');
    // a package built into its own image is deployable, whatever its code starts (workers, consumers, cron jobs)
    for (const m of input.manifests) {
      const base = path.posix.basename(m);
      if (!/^(Dockerfile(\..*)?|.*\.Dockerfile|Procfile)$/.test(base)) continue;
      const dir = dirOf(m);
      if (!packages.has(dir) || dir === '' || nestLibs.has(dir)) continue;
      if (LIB_DIR_RE.test(dir) && !/(^|\/)(apps|services)\//.test(dir)) continue;
      if (!hasSource(dir, input.facts) || TOOL_DIRS.test(path.posix.basename(dir))) continue;
      addRoot(dir, 'Dockerfile');
    }
    // a package of the apps/services folders that serves routes or procedures and that its own
    // script runs (`"dev": "tsx watch server"`) is a service, even before its entry point is written
    const served = new Set<string>();
    for (const f of input.facts.values()) if (f.endpoints.length) served.add(packageOf(dirOf(f.file)) ?? '');
    for (const [dir, pkg] of packages) {
      if (!APP_PACKAGE.test(dir) || nestLibs.has(dir) || !RUN_SCRIPT.test(pkg.scripts) || !served.has(dir)) continue;
      addRoot(dir, 'package scripts');
    }
    for (const [dir] of startDirs) {
      const pkg = packageOf(dir);
      // a server started inside a shared library is a helper, not a service
      if (pkg === undefined) continue;
      if (nestLibs.has(pkg) || [...nestLibs].some((l) => dir.startsWith(l + '/'))) continue;
      // the monorepo root package with apps below it: attribute to the app folder instead
      if (pkg === '') {
        const app = nestAppOf(dir, nestApps) ?? appFolderOf(dir);
        if (app !== undefined) {
          addRoot(app, 'entry point');
          continue;
        }
      }
      if (LIB_DIR_RE.test(pkg) && !/(^|\/)(apps|services)\//.test(pkg)) continue;
      addRoot(pkg, 'entry point');
    }
  }
  // nested roots: keep both, files go to the longest match; drop the repo root when others exist
  if (roots.size > 1 && roots.has('') && !input.declared?.length) roots.delete('');
  // a folder that contains other services' roots is the monorepo around them (a compose service
  // built from `backend/` holding Nx apps), not a service of its own: its apps and libs are
  if (!input.declared?.length) {
    for (const r of [...roots.keys()]) {
      if (r !== '' && [...roots.keys()].some((o) => o !== r && o.startsWith(r + '/'))) roots.delete(r);
    }
  }

  // test harnesses (Nx e2e projects, `*-test` / `*-e2e` / `*-playground` packages) exercise the
  // system but are not part of it, unless a deployment manifest builds or runs them
  if (!input.declared?.length) {
    for (const r of [...roots.keys()]) {
      if (r === '' || roots.size === 1) continue;
      const base = path.posix.basename(r);
      const pkgName = packages.get(r)?.name?.replace(/^@[^/]+\//, '');
      if (!e2eProjects.has(r) && !HARNESS_RE.test(base) && !(pkgName && HARNESS_RE.test(pkgName))) continue;
      const names = new Set([base, ...(pkgName ? [pkgName] : [])]);
      const deployed =
        composes.some((c) => c.context === r || names.has(c.name)) ||
        input.manifests.some((m) => dirOf(m) === r && /^(Dockerfile(\..*)?|.*\.Dockerfile|Procfile)$/.test(path.posix.basename(m))) ||
        k8sWorkloads.some((w) => names.has(w.name) || w.images.some((img) => names.has(imageName(img))));
      if (!deployed) roots.delete(r);
    }
  }

  const services: ServiceInfo[] = [];
  const usedNames = new Set<string>();
  const sortedRoots = [...roots.keys()].sort();
  for (const root of sortedRoots) {
    const pkg = packages.get(root);
    const compose = composes.find((c) => c.context === root);
    const declared = input.declared?.find((d) => d.root === root);
    // the folder names the service for people; a generic folder name yields to compose or package.json
    const folder = baseName(root, pkg?.name);
    let name = declared?.name ?? (GENERIC_FOLDERS.has(folder) ? (compose?.name ?? pkg?.name?.replace(/^@[^/]+\//, '') ?? folder) : folder);
    if (usedNames.has(name)) name = root.replace(/\//g, '-') || name;
    usedNames.add(name);
    const hosts = new Set<string>([name, ...(compose?.hosts ?? []), ...(declared?.hosts ?? [])]);
    if (pkg?.name) hosts.add(pkg.name.replace(/^@[^/]+\//, ''));
    const base = path.posix.basename(root);
    if (base) hosts.add(base);
    let env: Record<string, string> = {};
    // .env files in the service folder (and .env.example as a last resort)
    for (const candidate of ['.env.example', '.env.sample', '.env.defaults', '.env.development', '.env.local', '.env']) {
      const rel = root ? `${root}/${candidate}` : candidate;
      if (dotenvs.has(rel)) env = { ...env, ...dotenvs.get(rel) };
    }
    if (compose) env = { ...env, ...compose.env };
    const ports = new Set<number>(compose?.ports ?? []);
    const hostPorts = new Set<number>(compose?.hostPorts ?? []);
    // Kubernetes: a workload named like the service (or a compose alias) gives env and ports
    for (const w of k8sWorkloads) {
      if (!hosts.has(w.name) && !w.images.some((img) => hosts.has(imageName(img)))) continue;
      env = { ...w.env, ...env };
      w.ports.forEach((p) => ports.add(p));
      for (const s of k8sServices) {
        if (Object.keys(s.selector).length && Object.entries(s.selector).every(([k, v]) => w.labels[k] === v)) hosts.add(s.name);
      }
    }
    for (const s of k8sServices) if (hosts.has(s.name)) s.ports.forEach((p) => ports.add(p));
    const discoveredBy = [...(roots.get(root)?.discoveredBy ?? [])];
    const svc: ServiceInfo = { name, root, hosts: [...hosts], ports: [...ports], hostPorts: [...hostPorts], discoveredBy, env };
    if (pkg?.name) svc.packageName = pkg.name;
    services.push(svc);
  }
  // compose services built from source elsewhere or from images (databases, brokers, other languages)
  for (const c of composes) {
    if (c.context !== undefined && roots.has(c.context)) continue;
    if (services.some((s) => s.hosts.includes(c.name))) continue;
    if (c.image && isInfrastructureImage(c.image)) continue;
    if (c.context === undefined) continue;
    services.push({ name: c.name, root: c.context, hosts: c.hosts, ports: c.ports, hostPorts: c.hostPorts, discoveredBy: ['docker-compose'], env: c.env, notAnalysed: true });
  }
  return services;
}

/** Folder or package names of test harnesses and playgrounds. */
const HARNESS_RE = /[-_.](e2e|tests?|playground)$/i;

/** An Nx project that only runs end-to-end tests against another project. */
function isE2eProject(dir: string, json: { name?: string; targets?: Record<string, unknown> } | undefined): boolean {
  if (!json) return false;
  const targets = Object.keys(json.targets ?? {});
  if (targets.includes('e2e') && !targets.includes('serve')) return true;
  return /-e2e$/.test(json.name ?? path.posix.basename(dir));
}

function hasSource(dir: string, facts: ReadonlyMap<string, FileFacts>): boolean {
  for (const f of facts.keys()) if (f.startsWith(dir + '/')) return true;
  return false;
}

function imageName(image: string): string {
  const noTag = image.split(':')[0]!;
  return noTag.split('/').pop()!;
}

const INFRA_RE = /(postgres|mysql|mariadb|mongo|redis|rabbitmq|kafka|zookeeper|nats|elasticsearch|opensearch|kibana|grafana|prometheus|jaeger|zipkin|nginx|traefik|envoy|localstack|minio|mailhog|mailpit|adminer|pgadmin|consul|vault|keycloak|memcached|cassandra|etcd|redpanda|pulsar|temporal|otel|loki|tempo|dynamodb|azurite|wiremock|caddy|haproxy)/i;

function isInfrastructureImage(image: string): boolean {
  return INFRA_RE.test(image);
}

function nestAppOf(dir: string, apps: Set<string>): string | undefined {
  let best: string | undefined;
  for (const a of apps) if ((dir === a || dir.startsWith(a + '/')) && (!best || a.length > best.length)) best = a;
  return best;
}

/** `apps/orders/src` → `apps/orders`; `services/x/src/main` → `services/x`. */
function appFolderOf(dir: string): string | undefined {
  const m = /^(.*?(?:^|\/)(?:apps|services|microservices|packages)\/[^/]+)/.exec(dir);
  return m ? m[1] : undefined;
}
