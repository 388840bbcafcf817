/**
 * HTTP client libraries, as data: how to recognise each library's calls and where their URL,
 * method and timeout live. Adding a library is one entry here plus fixtures.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { hasProp, prop } from '../../syntax/objects';
import { type Origin, rootOf, unwrap } from '../../syntax/origin';
import { cat } from '../../syntax/values';
import { anyWord, type Detector } from '../detector';
import { responseChecked } from '../../syntax/response-check';
import { NEST_HTTP_SERVICE } from '../nestjs';

const VERBS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE', del: 'DELETE', head: 'HEAD', options: 'OPTIONS' };

/** How one library's call is shaped. */
interface ClientSpec {
  library: string;
  /** Module names the library is imported from. */
  modules: string[];
  /** Which import name is the client root (`default`, `*`, or a named export such as `fetch`). */
  names?: string[];
  /** Factory methods that return a configured instance (`create`, `extend`). */
  factories: string[];
  /** Option keys of the factory's config: base URL and timeout. */
  baseKeys: string[];
  timeoutKeys: string[];
  /** Calling the root itself makes a request (`axios(config)`, `got(url)`, `fetch(url)`). */
  callable: boolean;
  /** For verb methods: index of the options argument (axios.post(url, data, config) → 2 for body verbs). */
  optionsIndex: (verb: string) => number;
}

const AXIOS: ClientSpec = {
  library: 'axios',
  modules: ['axios'],
  factories: ['create'],
  baseKeys: ['baseURL'],
  timeoutKeys: ['timeout', 'signal'],
  callable: true,
  optionsIndex: (v) => (['post', 'put', 'patch'].includes(v) ? 2 : 1),
};

const SPECS: ClientSpec[] = [
  AXIOS,
  { library: 'got', modules: ['got'], factories: ['extend'], baseKeys: ['prefixUrl'], timeoutKeys: ['timeout', 'signal'], callable: true, optionsIndex: () => 1 },
  { library: 'ky', modules: ['ky', 'ky-universal'], factories: ['create', 'extend'], baseKeys: ['prefixUrl', 'prefix'], timeoutKeys: ['timeout', 'signal'], callable: true, optionsIndex: () => 1 },
  { library: 'superagent', modules: ['superagent'], factories: ['agent'], baseKeys: [], timeoutKeys: ['timeout'], callable: true, optionsIndex: () => 99 },
  { library: 'fetch', modules: ['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'undici'], names: ['default', 'fetch'], factories: [], baseKeys: [], timeoutKeys: ['signal', 'timeout'], callable: true, optionsIndex: () => 1 },
  { library: 'undici', modules: ['undici'], names: ['request'], factories: [], baseKeys: [], timeoutKeys: ['signal', 'headersTimeout', 'bodyTimeout'], callable: true, optionsIndex: () => 1 },
  { library: 'needle', modules: ['needle'], factories: [], baseKeys: [], timeoutKeys: ['open_timeout', 'response_timeout', 'timeout'], callable: true, optionsIndex: (v) => (['post', 'put', 'patch'].includes(v) ? 2 : 1) },
];

function specFor(o: Origin): ClientSpec | undefined {
  const r = rootOf(o);
  if (r.kind === 'import') {
    return SPECS.find((s) => s.modules.includes(r.module) && (!s.names || s.names.includes(r.name)) && (s.names || r.name === 'default' || r.name === '*'));
  }
  return undefined;
}

/** The configured instance behind a callee: the factory call's options (baseURL, timeout). */
interface Instance {
  spec: ClientSpec;
  config?: ts.Expression;
}

function instanceOf(o: Origin): Instance | undefined {
  // axios.create({...}) → origin { call, callee: import axios path [create] }
  if (o.kind === 'call') {
    const spec = specFor(o.callee);
    const calleePath = o.callee.path;
    if (spec && calleePath.length === 1 && spec.factories.includes(calleePath[0]!)) return { spec, config: o.call.arguments[0] };
  }
  return undefined;
}

function joinUrl(base: Sym | undefined, url: Sym | undefined): Sym | undefined {
  if (!base) return url;
  if (!url) return base;
  if (url.k === 'lit' && /^https?:\/\//.test(url.v)) return url;
  return cat([base, { k: 'lit', v: '\u0001' }, url]);
}

/** Detects HTTP requests made with fetch and the common client libraries. */
export const httpClients: Detector = {
  id: 'http-clients',
  applies: anyWord('fetch', 'axios', 'got', 'ky', 'superagent', 'undici', 'needle', 'HttpService', 'http', '.get', '.post', '.put', '.patch', '.delete', '.request'),
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    // global fetch(url, init)
    if (ts.isIdentifier(callee) && callee.text === 'fetch') {
      const o = ctx.origin(callee);
      if (o.kind === 'global' || specFor(o)?.library === 'fetch') reportFetch(call, ctx, 'fetch');
      return;
    }
    const o = ctx.origin(callee);
    // calling the root itself: axios(config), got(url), fetch imported from node-fetch
    if (o.kind === 'import' && o.path.length === 0) {
      const spec = specFor(o);
      if (!spec?.callable) return;
      if (spec.library === 'fetch') reportFetch(call, ctx, o.module);
      else reportConfigCall(call, ctx, spec, undefined, undefined);
      return;
    }
    if (!ts.isPropertyAccessExpression(callee)) {
      // an instance called directly: api(config)
      const inst = instanceOf(o);
      if (inst) reportConfigCall(call, ctx, inst.spec, inst.config, undefined);
      return;
    }
    const method = callee.name.text;
    const verb = VERBS[method] ?? (method === 'request' ? 'REQUEST' : undefined);
    if (!verb) return;
    const recv = ctx.origin(callee.expression);
    // @nestjs/axios HttpService (and its axiosRef)
    if (recv.kind === 'type' && recv.typeName === 'HttpService' && (recv.module === '@nestjs/axios' || recv.module === '@nestjs/common' || recv.module === undefined) && (recv.path.length === 0 || (recv.path.length === 1 && recv.path[0] === 'axiosRef'))) {
      reportVerb(call, ctx, AXIOS, method, verb, undefined, '@nestjs/axios');
      return;
    }
    // library root: axios.get(url)
    if (recv.kind === 'import' && recv.path.length === 0) {
      const spec = specFor(recv);
      if (spec) reportVerb(call, ctx, spec, method, verb, undefined);
      else if (!isPackage(recv.module) && ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(verb)) {
        // an instance imported from another file of the workspace: decided at link time
        reportVerb(call, ctx, AXIOS, method, verb, undefined, undefined, `@import:${recv.module}:${recv.name}`);
      }
      return;
    }
    const inst = instanceOf(recv);
    if (inst) reportVerb(call, ctx, inst.spec, method, verb, inst.config);
  },
};

function isPackage(module: string): boolean {
  return !module.startsWith('.') && !module.startsWith('@/') && !module.startsWith('~');
}

function reportFetch(call: ts.CallExpression, ctx: FileContext, library: string): void {
  const [urlArg, init] = call.arguments;
  if (!urlArg) return;
  let url: Sym | undefined;
  let method = 'GET';
  const u = unwrap(urlArg);
  if (ts.isNewExpression(u) && ts.isIdentifier(u.expression) && u.expression.text === 'Request') {
    url = ctx.sym(u.arguments?.[0]);
    const m = prop(u.arguments?.[1], 'method');
    if (m && ts.isStringLiteralLike(unwrap(m))) method = (unwrap(m) as ts.StringLiteral).text.toUpperCase();
  } else {
    url = ctx.sym(urlArg);
  }
  const m = prop(init, 'method');
  if (m) {
    const mv = ctx.sym(m);
    method = mv?.k === 'lit' ? mv.v.toUpperCase() : method;
  }
  ctx.addCall(call, {
    mechanism: 'http',
    library: library === 'node-fetch' || library === 'cross-fetch' || library === 'isomorphic-fetch' ? library : 'fetch',
    role: 'request',
    method,
    ...(url ? { url } : {}),
    traits: { hasTimeout: hasProp(init, 'signal', 'timeout'), ...withResponseCheck(responseChecked(call)) },
  });
}

/** `axios(config)` / `axios.request(config)` / `got(url, options)`. */
function reportConfigCall(call: ts.CallExpression, ctx: FileContext, spec: ClientSpec, instanceConfig: ts.Expression | undefined, library: string | undefined): void {
  const [a0, a1] = call.arguments;
  if (!a0) return;
  const isConfig = ts.isObjectLiteralExpression(unwrap(a0));
  const config = isConfig ? a0 : a1;
  const urlSym = isConfig ? ctx.sym(prop(a0, 'url')) : ctx.sym(a0);
  const m = prop(config, 'method');
  const mv = m ? ctx.sym(m) : undefined;
  const base = baseOf(ctx, spec, instanceConfig, config);
  const url = joinUrl(base, urlSym);
  ctx.addCall(call, {
    mechanism: 'http',
    library: library ?? spec.library,
    role: 'request',
    method: mv?.k === 'lit' ? mv.v.toUpperCase() : 'GET',
    ...(url ? { url } : {}),
    traits: { hasTimeout: hasProp(config, ...spec.timeoutKeys) || hasProp(instanceConfig, ...spec.timeoutKeys) },
  });
}

function baseOf(ctx: FileContext, spec: ClientSpec, instanceConfig: ts.Expression | undefined, callConfig: ts.Expression | undefined): Sym | undefined {
  for (const key of spec.baseKeys) {
    const v = prop(callConfig, key) ?? prop(instanceConfig, key);
    if (v) return ctx.sym(v);
  }
  return undefined;
}

function reportVerb(call: ts.CallExpression, ctx: FileContext, spec: ClientSpec, method: string, verb: string, instanceConfig: ts.Expression | undefined, library?: string, clientId?: string): void {
  if (verb === 'REQUEST') {
    reportConfigCall(call, ctx, spec, instanceConfig, library);
    return;
  }
  const urlArg = call.arguments[0];
  if (!urlArg) return;
  const options = call.arguments[spec.optionsIndex(method)];
  const url = joinUrl(baseOf(ctx, spec, instanceConfig, options), ctx.sym(urlArg));
  ctx.addCall(call, {
    mechanism: 'http',
    library: library ?? spec.library,
    role: 'request',
    method: verb,
    ...(url ? { url } : {}),
    ...(clientId ? { client: { k: 'instance' as const, id: clientId } } : library === '@nestjs/axios' ? { client: { k: 'token' as const, token: { k: 'lit' as const, v: NEST_HTTP_SERVICE } } } : {}),
    traits: { hasTimeout: hasProp(options, ...spec.timeoutKeys) || hasProp(instanceConfig, ...spec.timeoutKeys) },
  });
}

/** The responseChecked trait, left out when the response is handed on and the check may be elsewhere. */
function withResponseCheck(checked: boolean | undefined): { responseChecked?: boolean } {
  return checked === undefined ? {} : { responseChecked: checked };
}

/** Exported axios-like instances (`export const api = axios.create({ baseURL })`), for imports elsewhere. */
export const httpClientInstances: Detector = {
  id: 'http-client-instances',
  applies: anyWord('create(', 'extend('),
  onCall(call, ctx) {
    const p = call.parent;
    if (!ts.isVariableDeclaration(p) || !ts.isIdentifier(p.name) || p.initializer !== call) return;
    const inst = instanceOf(ctx.origin(call));
    if (!inst) return;
    const base = baseOf(ctx, inst.spec, inst.config, undefined);
    ctx.addClient({
      id: `${ctx.file}#${p.name.text}`,
      library: inst.spec.library,
      ...(base ? { baseUrl: base } : {}),
      line: ctx.loc(call).line,
      timeout: hasProp(inst.config, ...inst.spec.timeoutKeys),
    });
  },
};
