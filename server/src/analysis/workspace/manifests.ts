/**
 * Readers for the manifests that describe deployment: docker-compose, Kubernetes, .env files,
 * package.json, tsconfig paths and monorepo workspace configs. Data only: nothing is executed.
 */
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A service declared in a docker-compose file. */
export interface ComposeService {
  name: string;
  /** Build context folder relative to the analysed root, when the service is built from source. */
  context?: string;
  hosts: string[];
  env: Record<string, string>;
  /** Container ports (the right side of "8080:3000"). */
  ports: number[];
  /** Host ports (the left side), which `localhost:<port>` calls reach. */
  hostPorts: number[];
  image?: string;
  file: string;
}

/** A workload found in Kubernetes manifests. */
export interface K8sWorkload {
  name: string;
  labels: Record<string, string>;
  env: Record<string, string>;
  ports: number[];
  images: string[];
  file: string;
}

/** A Kubernetes Service: a host name that routes to workloads by selector. */
export interface K8sService {
  name: string;
  selector: Record<string, string>;
  ports: number[];
  file: string;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function envEntries(v: unknown, projectEnv: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      if (typeof item !== 'string') continue;
      const i = item.indexOf('=');
      if (i > 0) out[item.slice(0, i).trim()] = item.slice(i + 1).trim();
      else if (projectEnv[item.trim()] !== undefined) out[item.trim()] = projectEnv[item.trim()]!;
    }
  } else {
    const r = asRecord(v);
    if (r) {
      for (const [k, val] of Object.entries(r)) {
        if (val !== null && val !== undefined && typeof val !== 'object') out[k] = String(val);
        else if ((val === null || val === undefined) && projectEnv[k] !== undefined) out[k] = projectEnv[k]!;
      }
    }
  }
  return out;
}

/** Compose-style interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`; unknown variables stay as written. */
export function interpolate(text: string, env: Record<string, string>, depth = 0): string {
  if (depth > 4 || !text.includes('$')) return text;
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string | undefined, op: string | undefined, def: string | undefined, bare: string | undefined) => {
    const key = name ?? bare!;
    const value = env[key];
    if (value !== undefined && !(op === ':-' && value === '')) return value;
    if (op === ':-' || op === '-') return def ?? '';
    return whole;
  });
  return out === text ? out : interpolate(out, env, depth + 1);
}

function parsePort(p: unknown): { container?: number; host?: number } {
  if (typeof p === 'number') return { container: p, host: p };
  if (typeof p === 'string') {
    const parts = p.replace(/\/(tcp|udp)$/, '').split(':');
    const container = Number.parseInt(parts[parts.length - 1]!, 10);
    const host = parts.length > 1 ? Number.parseInt(parts[parts.length - 2]!, 10) : container;
    return { ...(Number.isFinite(container) ? { container } : {}), ...(Number.isFinite(host) ? { host } : {}) };
  }
  const r = asRecord(p);
  if (r) {
    const container = Number(r.target);
    const host = Number(r.published);
    return { ...(Number.isFinite(container) ? { container } : {}), ...(Number.isFinite(host) ? { host } : {}) };
  }
  return {};
}

/** Parses YAML documents, never throwing; bad YAML yields an error message. */
export function parseYaml(text: string): { docs: unknown[]; error?: string } {
  try {
    const docs = parseAllDocuments(text, { prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [docs];
    const errors = list.flatMap((d) => d.errors);
    return { docs: list.map((d) => (d.errors.length ? undefined : d.toJS({ maxAliasCount: 100 }))), ...(errors.length ? { error: errors[0]!.message.split('\n')[0]! } : {}) };
  } catch (error) {
    return { docs: [], error: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads the services of a docker-compose file; `env` files referenced by `env_file` are merged by the caller. */
export function readCompose(file: string, text: string, envFiles: (rel: string) => Record<string, string>): ComposeService[] {
  const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
  // docker compose reads the project's .env for `${VAR}` interpolation and for variables listed without a value
  const projectEnv = envFiles(dir ? `${dir}/.env` : '.env');
  const { docs } = parseYaml(interpolate(text, projectEnv));
  const doc = asRecord(docs[0]);
  const services = asRecord(doc?.services);
  if (!services) return [];
  const out: ComposeService[] = [];
  for (const [name, raw] of Object.entries(services)) {
    const s = asRecord(raw);
    if (!s) continue;
    const build = s.build;
    let context: string | undefined;
    if (typeof build === 'string') context = build;
    else if (asRecord(build) && typeof asRecord(build)!.context === 'string') {
      context = asRecord(build)!.context as string;
      // a Dockerfile inside an app folder with the repo root as context: the Dockerfile's folder is the app
      const dockerfile = asRecord(build)!.dockerfile;
      // (a Dockerfile kept outside the context, `../../configs/worker.Dockerfile`, says nothing about the app)
      if (typeof dockerfile === 'string' && dockerfile.includes('/') && !path.posix.normalize(dockerfile).startsWith('..')) context = path.posix.join(context, path.posix.dirname(dockerfile));
    }
    const hosts = new Set<string>([name]);
    if (typeof s.container_name === 'string') hosts.add(s.container_name);
    if (typeof s.hostname === 'string') hosts.add(s.hostname);
    const networks = asRecord(s.networks);
    if (networks) for (const n of Object.values(networks)) for (const a of (asRecord(n)?.aliases as unknown[]) ?? []) if (typeof a === 'string') hosts.add(a);
    let env: Record<string, string> = {};
    const envFile = s.env_file;
    for (const ef of Array.isArray(envFile) ? envFile : envFile ? [envFile] : []) {
      const p = typeof ef === 'string' ? ef : typeof asRecord(ef)?.path === 'string' ? (asRecord(ef)!.path as string) : undefined;
      if (p) env = { ...env, ...envFiles(path.posix.normalize(path.posix.join(dir, p))) };
    }
    env = { ...env, ...envEntries(s.environment, projectEnv) };
    const ports: number[] = [];
    const hostPorts: number[] = [];
    for (const p of (Array.isArray(s.ports) ? s.ports : []) as unknown[]) {
      const { container, host } = parsePort(p);
      if (container) ports.push(container);
      if (host) hostPorts.push(host);
    }
    for (const p of (Array.isArray(s.expose) ? s.expose : []) as unknown[]) {
      const n = Number.parseInt(String(p), 10);
      if (Number.isFinite(n)) ports.push(n);
    }
    const svc: ComposeService = { name, hosts: [...hosts], env, ports, hostPorts, file };
    if (context !== undefined) svc.context = path.posix.normalize(path.posix.join(dir, context)).replace(/^\.\/?/, '').replace(/\/$/, '');
    if (typeof s.image === 'string') svc.image = s.image;
    out.push(svc);
  }
  return out;
}

/** Reads Kubernetes Deployments/StatefulSets/Services (and friends) from one YAML file. */
export function readKubernetes(file: string, text: string): { workloads: K8sWorkload[]; services: K8sService[] } {
  const out = { workloads: [] as K8sWorkload[], services: [] as K8sService[] };
  if (!/\bkind:\s*\w/.test(text) || !/apiVersion:/.test(text)) return out;
  const { docs } = parseYaml(text);
  for (const d of docs) {
    const doc = asRecord(d);
    if (!doc || typeof doc.kind !== 'string') continue;
    const meta = asRecord(doc.metadata) ?? {};
    const name = typeof meta.name === 'string' ? meta.name : undefined;
    if (!name) continue;
    const spec = asRecord(doc.spec) ?? {};
    if (doc.kind === 'Service') {
      const selector = asRecord(spec.selector) ?? {};
      const ports = ((spec.ports as unknown[]) ?? []).map((p) => Number(asRecord(p)?.targetPort ?? asRecord(p)?.port)).filter(Number.isFinite);
      out.services.push({ name, selector: Object.fromEntries(Object.entries(selector).map(([k, v]) => [k, String(v)])), ports, file });
    } else if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'].includes(doc.kind)) {
      const template = asRecord(asRecord(spec.template)?.spec) ?? (doc.kind === 'Pod' ? spec : asRecord(asRecord(asRecord(asRecord(spec.jobTemplate)?.spec)?.template)?.spec) ?? {});
      const labels = asRecord(asRecord(asRecord(spec.template)?.metadata)?.labels) ?? asRecord(meta.labels) ?? {};
      const env: Record<string, string> = {};
      const ports: number[] = [];
      const images: string[] = [];
      for (const c of (template.containers as unknown[]) ?? []) {
        const cr = asRecord(c);
        if (!cr) continue;
        if (typeof cr.image === 'string') images.push(cr.image);
        for (const e of (cr.env as unknown[]) ?? []) {
          const er = asRecord(e);
          if (er && typeof er.name === 'string' && er.value !== undefined && er.value !== null) env[er.name] = String(er.value);
        }
        for (const p of (cr.ports as unknown[]) ?? []) {
          const n = Number(asRecord(p)?.containerPort);
          if (Number.isFinite(n)) ports.push(n);
        }
      }
      out.workloads.push({ name, labels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])), env, ports, images, file });
    }
  }
  return out;
}

/** Parses a .env file (KEY=value lines, quotes and `export` allowed). */
export function readDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2]!;
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '');
    out[m[1]!] = v;
  }
  for (const k of Object.keys(out)) out[k] = interpolate(out[k]!, out);
  return out;
}

/** Parses JSON with comments and trailing commas (tsconfig, nest-cli.json); undefined when invalid. */
export function parseJsonc(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // strip comments outside strings, then trailing commas
    let out = '';
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (inString) {
        out += c;
        if (c === '\\') out += text[++i] ?? '';
        else if (c === '"') inString = false;
      } else if (c === '"') {
        inString = true;
        out += c;
      } else if (c === '/' && text[i + 1] === '/') {
        while (i < text.length && text[i] !== '\n') i++;
        out += '\n';
      } else if (c === '/' && text[i + 1] === '*') {
        i += 2;
        while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i++;
        i++;
      } else {
        out += c;
      }
    }
    try {
      return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
    } catch {
      return undefined;
    }
  }
}
