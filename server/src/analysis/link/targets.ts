/**
 * Target resolution: from a resolved URL or channel to the services and endpoints it reaches.
 * When a target cannot be told, the result says why instead of guessing.
 */
import type { Endpoint } from '../model';
import type { ServiceInfo } from '../workspace/services';
import { UNKNOWN } from './program';
import { endpointsOfKind, httpEndpointsOf } from './endpoint-index';

/** Where a call goes. */
export interface TargetMatch {
  callees: string[];
  endpoints: string[];
  unresolved?: string;
  /** The host is known and belongs to no service of this workspace (a third-party API). */
  external?: boolean;
}

/** A URL split into parts; unknown parts hold the UNKNOWN marker. */
export interface ParsedUrl {
  host?: string;
  port?: string;
  path: string;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', 'host.docker.internal', '[::1]']);

/** Splits a resolved URL text into host, port and path. */
export function parseUrl(text: string): ParsedUrl {
  // the base/path join marker: a slash between a base URL and a path, nothing when the base is empty
  let t = text.replace(/^\u0001+/, '').replace(/\u0001/g, '/');
  t = t.replace(/^\s+/, '');
  const m = /^(?:[a-z][a-z0-9+.-]*:)?\/\/([^/:?#]*)(?::([^/?#]*))?(.*)$/i.exec(t);
  if (m) return { host: m[1]!.toLowerCase(), port: m[2], path: normalizePath(m[3] ?? '') };
  // a leading unknown is a base URL we could not read
  if (t.startsWith(UNKNOWN)) return { path: normalizePath(t.replace(/^\u0000+/, '')) };
  // host:port/path without scheme (gRPC addresses, `orders:3000/x`)
  const hp = /^([a-z0-9][a-z0-9_.-]*):(\d+|\u0000)(\/.*)?$/i.exec(t);
  if (hp) return { host: hp[1]!.toLowerCase(), port: hp[2], path: normalizePath(hp[3] ?? '') };
  return { path: normalizePath(t) };
}

/** `/api//orders/?x=1` → `/api/orders`. */
export function normalizePath(p: string): string {
  let s = p.split(/[?#]/)[0]!;
  s = s.replace(/\/{2,}/g, '/');
  if (!s.startsWith('/') && s !== '' && !s.startsWith(UNKNOWN)) s = '/' + s;
  if (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return s;
}

/** Joins path parts with single slashes. */
export function joinPaths(...parts: (string | undefined)[]): string {
  const segs = parts.filter((p): p is string => !!p).flatMap((p) => p.split('/')).filter((s) => s.length > 0);
  return '/' + segs.join('/');
}

function segmentMatches(endpointSeg: string, callSeg: string): boolean {
  if (callSeg.includes(UNKNOWN)) {
    if (callSeg === UNKNOWN) return true;
    // `v${n}` or `${id}.json`: compare the known parts as a pattern
    const re = new RegExp('^' + callSeg.split(UNKNOWN).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    return re.test(endpointSeg) || isParam(endpointSeg);
  }
  if (isParam(endpointSeg)) return true;
  return endpointSeg.toLowerCase() === callSeg.toLowerCase();
}

function isParam(seg: string): boolean {
  return seg.startsWith(':') || (seg.startsWith('{') && seg.endsWith('}')) || seg === '*' || seg.startsWith('[') || seg.includes(UNKNOWN);
}

/** True when an HTTP endpoint path can serve a call path. */
export function pathMatches(endpointPath: string, callPath: string): boolean {
  const e = endpointPath.split('/').filter(Boolean);
  const c = callPath.split('/').filter(Boolean);
  // a wildcard endpoint swallows the rest
  if (e[e.length - 1] === '*' || e[e.length - 1] === '(.*)') {
    if (c.length < e.length - 1) return false;
    return e.slice(0, -1).every((s, i) => segmentMatches(s, c[i]!));
  }
  if (e.length !== c.length) return false;
  return e.every((s, i) => segmentMatches(s, c[i]!));
}

function methodMatches(endpointMethod: string | undefined, callMethod: string | undefined): boolean {
  if (!endpointMethod || endpointMethod === 'ANY' || !callMethod || callMethod === 'REQUEST') return true;
  return endpointMethod === callMethod;
}

/** Words in environment variable names that say how, not who: `USER_SERVICE_DOCKER_URL` → user. */
const ENV_NOISE = new Set(['url', 'uri', 'urls', 'host', 'hostname', 'addr', 'address', 'endpoint', 'base', 'baseurl', 'api', 'port', 'service', 'services', 'svc', 'srv', 'server', 'ms', 'http', 'https', 'grpc', 'tcp', 'target', 'origin', 'domain', 'internal', 'external', 'public', 'private', 'docker', 'local', 'dev', 'prod', 'staging', 'env', 'app', 'remote', 'rest', 'microservice', 'path', 'root']);

/** Indexes services by the names other services use for them. */
export class ServiceDirectory {
  private readonly byHost = new Map<string, string>();
  private readonly byPort = new Map<string, string[]>();

  constructor(readonly services: readonly ServiceInfo[], portsOf: (s: ServiceInfo) => number[]) {
    // a name several services answer to (a package.json "name" copied from a template) names none of them
    const owners = new Map<string, Set<string>>();
    for (const s of services) for (const h of s.hosts) (owners.get(h.toLowerCase()) ?? owners.set(h.toLowerCase(), new Set()).get(h.toLowerCase())!).add(s.name);
    for (const s of services) {
      for (const h of s.hosts) if (owners.get(h.toLowerCase())!.size === 1 || h === s.name) this.byHost.set(h.toLowerCase(), s.name);
      for (const p of [...portsOf(s), ...s.hostPorts]) {
        const list = this.byPort.get(String(p)) ?? [];
        if (!list.includes(s.name)) list.push(s.name);
        this.byPort.set(String(p), list);
      }
    }
  }

  /** The service a host name refers to. */
  byHostName(host: string): string | undefined {
    const h = host.toLowerCase();
    const direct = this.byHost.get(h);
    if (direct) return direct;
    // payments.default.svc.cluster.local, payments-service, payments_svc
    const first = h.split('.')[0]!;
    for (const cand of [first, first.replace(/[-_](service|svc|srv|api|app|server|ms)$/, ''), first.replace(/^(service|svc|ms)[-_]/, '')]) {
      const hit = this.byHost.get(cand) ?? this.byHost.get(cand + '-service') ?? this.byHost.get(cand + '-svc') ?? this.byHost.get(cand + '-srv');
      if (hit) return hit;
    }
    return undefined;
  }

  /** Services listening on a port (for localhost URLs). */
  byPortNumber(port: string | undefined): string[] {
    return port ? (this.byPort.get(port) ?? []) : [];
  }

  /** A service named by an environment variable such as PAYMENTS_SERVICE_URL or ORDERS_HOST. */
  byEnvName(name: string): string | undefined {
    const tokens = name.toLowerCase().split(/[_\-.]+/).filter((t) => t && !ENV_NOISE.has(t));
    if (!tokens.length) return undefined;
    const base = tokens.join('_');
    for (const cand of [base, base.replace(/_/g, '-'), base.replace(/_/g, '')]) {
      const hit = this.byHostName(cand);
      if (hit) return hit;
    }
    return undefined;
  }

  isLocal(host: string): boolean {
    return LOCAL_HOSTS.has(host);
  }
}

/** Resolves an HTTP call to the services and endpoints it reaches. */
export function matchHttp(
  url: ParsedUrl,
  method: string | undefined,
  envNames: string[],
  caller: string,
  dir: ServiceDirectory,
  endpoints: readonly Endpoint[],
): TargetMatch {
  const http = (): Endpoint[] => endpointsOfKind(endpoints, 'http').filter((e) => e.path !== undefined);
  let candidates: string[] | undefined;
  let reason: string | undefined;
  if (url.host && url.host !== UNKNOWN && !url.host.includes(UNKNOWN)) {
    if (dir.isLocal(url.host)) {
      const byPort = dir.byPortNumber(url.port);
      if (byPort.length) candidates = byPort;
      else reason = `localhost${url.port ? ':' + url.port : ''} matches no service's port`;
    } else {
      const svc = dir.byHostName(url.host);
      if (svc) candidates = [svc];
      else if (url.host.includes('.') || !envNames.length) return { callees: [], endpoints: [], external: true, unresolved: `host ${url.host} is not a service of this workspace` };
    }
  }
  if (!candidates) {
    for (const n of envNames) {
      const svc = dir.byEnvName(n);
      if (svc) {
        candidates = [svc];
        break;
      }
    }
  }
  const byPath = (pool: readonly Endpoint[]): Endpoint[] => pool.filter((e) => pathMatches(e.path!, url.path) && methodMatches(e.method, method));
  if (candidates) {
    // one candidate (the usual case): its routes straight from the index
    const pool = candidates.length === 1 ? httpEndpointsOf(endpoints, candidates[0]!) : http().filter((e) => candidates!.includes(e.service));
    let hits = byPath(pool);
    if (!hits.length) {
      // a base path we could not read: compare the known tail of the path
      hits = pool.filter((e) => methodMatches(e.method, method) && suffixMatch(e.path!, url.path));
    }
    const callees = candidates.filter((c) => c !== caller);
    if (!callees.length) return { callees: [], endpoints: [], unresolved: 'calls its own service' };
    return { callees, endpoints: hits.filter((h) => callees.includes(h.service)).map((h) => h.id) };
  }
  // no host: match the path against every other service's routes, accept a single service
  const known = url.path.split('/').filter((s) => s && !s.includes(UNKNOWN));
  if (known.length >= 1) {
    const hits = byPath(http().filter((e) => e.service !== caller)).filter((e) => !e.path!.split('/').every((s) => !s || isParam(s)));
    const services = [...new Set(hits.map((h) => h.service))];
    if (services.length === 1) return { callees: services, endpoints: hits.map((h) => h.id) };
    if (services.length > 1) return { callees: [], endpoints: [], unresolved: `path ${url.path.replace(/\u0000/g, '{?}')} matches routes of ${services.join(', ')}` };
  }
  return { callees: [], endpoints: [], unresolved: reason ?? `target ${describe(url)} could not be resolved${envNames.length ? ` (${envNames.join(', ')} not set in .env, docker-compose or Kubernetes)` : ''}` };
}

function suffixMatch(endpointPath: string, callPath: string): boolean {
  const e = endpointPath.split('/').filter(Boolean);
  const c = callPath.split('/').filter(Boolean);
  if (!e.length || !c.length) return false;
  const n = Math.min(e.length, c.length);
  const es = e.slice(e.length - n);
  const cs = c.slice(c.length - n);
  return es.every((s, i) => segmentMatches(s, cs[i]!)) && es.some((s) => !isParam(s));
}

/** A readable form of a URL with unknown parts shown as `{?}`. */
export function describe(url: ParsedUrl): string {
  const host = url.host ? `${url.host}${url.port ? ':' + url.port : ''}` : '';
  return `${host ? 'http://' + host : ''}${url.path}`.replace(/\u0000/g, '{?}') || '{?}';
}

/** True when a channel pattern (with NATS `*`/`>` or AMQP `*`/`#` wildcards) matches a channel. */
export function channelMatches(pattern: string, channel: string, style: 'nats' | 'amqp' | 'exact' = 'exact'): boolean {
  if (pattern === channel) return true;
  if (pattern.includes(UNKNOWN) || channel.includes(UNKNOWN)) {
    const re = new RegExp('^' + pattern.split(UNKNOWN).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+') + '$');
    if (!channel.includes(UNKNOWN)) return re.test(channel);
    return false;
  }
  if (style === 'exact') return false;
  const p = pattern.split('.');
  const c = channel.split('.');
  const multi = style === 'nats' ? '>' : '#';
  const match = (i: number, j: number): boolean => {
    if (i === p.length) return j === c.length;
    if (p[i] === multi) {
      if (style === 'nats') return j < c.length;
      for (let k = j; k <= c.length; k++) if (match(i + 1, k)) return true;
      return false;
    }
    if (j === c.length) return false;
    if (p[i] === '*' || p[i] === c[j]) return match(i + 1, j + 1);
    return false;
  };
  return match(0, 0);
}
