/**
 * Test helper: checks a `switchboard analyze --format json` document against the contract of
 * schema version 1 in PRODUCT.md (fields, types, enumerations, 1-based positions, relative paths)
 * and that its references hold (endpoint ids, chain interactions, service names).
 */

const STYLES = ['sync-request-response', 'async-request-response', 'fire-and-forget', 'event', 'common-data'];
const KINDS = ['http', 'message', 'grpc', 'graphql', 'data'];
const SEVERITIES = ['error', 'warning', 'info', 'hint'];

type Json = Record<string, unknown>;

/** The problems of a JSON document (empty when it keeps the contract). */
export function contractProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string): void => {
    problems.push(`${where}: ${what}`);
  };
  if (!isObject(doc)) return ['the document is not an object'];
  if (doc.schemaVersion !== 1) fail('schemaVersion', `expected 1, got ${JSON.stringify(doc.schemaVersion)}`);
  for (const key of ['services', 'endpoints', 'interactions', 'chains', 'findings']) if (!Array.isArray(doc[key])) fail(key, 'not an array');
  if (problems.length) return problems;
  const services = doc.services as unknown[];
  const names = new Set<string>();
  services.forEach((s, i) => {
    const at = `services[${i}]`;
    if (!isObject(s)) return fail(at, 'not an object');
    str(s, 'name', at, fail);
    str(s, 'root', at, fail);
    if (typeof s.root === 'string') relPath(s.root, `${at}.root`, fail, true);
    if (typeof s.name === 'string') names.add(s.name);
  });
  const endpointIds = new Set<string>();
  (doc.endpoints as unknown[]).forEach((e, i) => {
    const at = `endpoints[${i}]`;
    if (!isObject(e)) return fail(at, 'not an object');
    str(e, 'id', at, fail);
    str(e, 'service', at, fail);
    if (typeof e.kind !== 'string' || !KINDS.includes(e.kind)) fail(at, `kind ${JSON.stringify(e.kind)}`);
    position(e, at, fail);
    if (typeof e.id === 'string') endpointIds.add(e.id);
  });
  const interactionIds = new Set<string>();
  (doc.interactions as unknown[]).forEach((x, i) => {
    const at = `interactions[${i}]`;
    if (!isObject(x)) return fail(at, 'not an object');
    for (const k of ['id', 'service', 'mechanism', 'target']) str(x, k, at, fail);
    if (x.library !== undefined && typeof x.library !== 'string') fail(at, 'library not a string');
    if (typeof x.style !== 'string' || !STYLES.includes(x.style)) fail(at, `style ${JSON.stringify(x.style)}`);
    position(x, at, fail);
    if (typeof x.column !== 'number' || !Number.isInteger(x.column) || x.column < 1) fail(at, `column ${JSON.stringify(x.column)}`);
    if (!isStrings(x.callees)) fail(at, 'callees not an array of strings');
    if (!isStrings(x.endpoints)) fail(at, 'endpoints not an array of strings');
    else for (const id of x.endpoints) if (!endpointIds.has(id)) fail(at, `endpoint ${id} does not exist`);
    if (typeof x.service === 'string' && !names.has(x.service)) fail(at, `service ${x.service} does not exist`);
    if (typeof x.id === 'string') interactionIds.add(x.id);
  });
  (doc.chains as unknown[]).forEach((c, i) => {
    const at = `chains[${i}]`;
    if (!isObject(c)) return fail(at, 'not an object');
    if (!isStrings(c.services)) fail(at, 'services not an array of strings');
    else for (const s of c.services) if (!names.has(s)) fail(at, `service ${s} does not exist`);
    if (!isStrings(c.interactions)) fail(at, 'interactions not an array of strings');
    else for (const id of c.interactions) if (!interactionIds.has(id)) fail(at, `interaction ${id} does not exist`);
  });
  (doc.findings as unknown[]).forEach((f, i) => {
    const at = `findings[${i}]`;
    if (!isObject(f)) return fail(at, 'not an object');
    str(f, 'rule', at, fail);
    str(f, 'message', at, fail);
    if (typeof f.severity !== 'string' || !SEVERITIES.includes(f.severity)) fail(at, `severity ${JSON.stringify(f.severity)}`);
    if (f.file !== undefined) position(f, at, fail);
  });
  return problems;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function str(o: Json, key: string, at: string, fail: (where: string, what: string) => void): void {
  if (typeof o[key] !== 'string') fail(at, `${key} is ${JSON.stringify(o[key])}, not a string`);
}

function position(o: Json, at: string, fail: (where: string, what: string) => void): void {
  if (typeof o.file !== 'string') fail(at, 'file not a string');
  else relPath(o.file, `${at}.file`, fail, false);
  if (typeof o.line !== 'number' || !Number.isInteger(o.line) || o.line < 1) fail(at, `line ${JSON.stringify(o.line)}`);
}

function relPath(p: string, at: string, fail: (where: string, what: string) => void, emptyOk: boolean): void {
  if (!p && !emptyOk) fail(at, 'empty path');
  if (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.split('/').includes('..')) fail(at, `not a relative path: ${p}`);
}
