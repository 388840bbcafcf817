/**
 * Property-based tests (fast-check): generated TypeScript services (express/fastify routes,
 * fetch/axios/got calls with literal, template and env URLs, kafka/nats publish and subscribe,
 * nested functions, awaits and thens), then mutated (character ranges deleted, tokens, unicode and
 * bidi controls inserted, truncation). The engine never throws, its JSON keeps the contract, the
 * same input gives byte-identical output, and the order files are written in does not matter.
 * Fixed seed and run count; the seed is printed on failure.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, FactsCache } from '../../server/src/analysis/analyze';
import { toJson } from '../../server/src/analysis/report/json';
import { contractProblems } from './helpers/contract';
import { writeWorkspace } from './helpers/workspace';

const SEED = 20261127;
const RUNS = 30;

const SERVICES = ['orders', 'payments', 'users', 'gateway'] as const;
const service = fc.constantFrom(...SERVICES);
const segment = fc.constantFrom('api', 'orders', 'v1', 'charges', 'users', 'x', '');
const topic = fc.constantFrom('order.created', 'payment.done', 'user.*', 'audit', 'orders.>');

const url = fc.oneof(
  fc.tuple(service, segment, segment).map(([s, a, b]) => `'http://${s}:3000/${a}/${b}'`),
  fc.tuple(service, segment).map(([s, a]) => `\`http://${s}/${a}/\${id}\``),
  fc.tuple(service, segment).map(([s, a]) => `process.env.${s.toUpperCase()}_URL + '/${a}'`),
  fc.tuple(service, segment).map(([s, a]) => `\`\${process.env.${s.toUpperCase()}_URL ?? 'http://${s}'}/${a}\``),
  fc.constant('base + path'),
);

const request = fc.tuple(fc.constantFrom('fetch', 'axios.get', 'axios.post', 'got', 'axios'), url).map(([fn, u]) => (fn === 'axios.post' ? `${fn}(${u}, { id })` : `${fn}(${u})`));

const use = (call: string): fc.Arbitrary<string> =>
  fc.constantFrom(`await ${call};`, `${call}.then((r) => r);`, `void ${call};`, `return ${call};`, `const res = await ${call};`, `const p = ${call};\n    await p;`, `${call};`);

const statement: fc.Arbitrary<string> = fc.oneof(
  request.chain(use),
  topic.map((t) => `await producer.send({ topic: '${t}', messages: [{ value: JSON.stringify({ id }) }] });`),
  topic.map((t) => `await consumer.subscribe({ topic: '${t}' });`),
  topic.map((t) => `nc.publish('${t}', codec.encode(JSON.stringify({ id })));`),
  topic.map((t) => `for await (const m of nc.subscribe('${t}')) { await handle(m); }`),
  fc.constant('const id = req.params.id;'),
  fc.constant('try { await helper(); } catch (e) { log(e); }'),
);

const body = fc.array(statement, { minLength: 1, maxLength: 4 }).map((s) => s.join('\n    '));

const declaration: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('get', 'post', 'put', 'delete'), segment, body).map(([m, p, b]) => `app.${m}('/api/${p}', async (req, res) => {\n    ${b}\n    res.json({});\n  });`),
  fc.tuple(fc.constantFrom('get', 'post'), segment, body).map(([m, p, b]) => `fastify.${m}('/${p}', async (request) => {\n    ${b}\n  });`),
  body.map((b) => `export async function helper() {\n    const inner = async () => {\n      ${b}\n    };\n    return inner();\n  }`),
  body.map((b) => `export class Client {\n  async call(id: string) {\n    ${b}\n  }\n}`),
);

const HEADER = `import express from 'express';
import Fastify from 'fastify';
import axios from 'axios';
import got from 'got';
import { Kafka } from 'kafkajs';
import { connect, StringCodec } from 'nats';
const app = express();
const fastify = Fastify();
const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'g' });
const nc = await connect({ servers: 'nats://nats:4222' });
const codec = StringCodec();
const base = process.env.BASE_URL;
const path = '/api/orders';
`;

/** A workspace: a few services, each a package.json and a main file of generated declarations. */
const workspace = fc
  .uniqueArray(service, { minLength: 1, maxLength: 3 })
  .chain((names) =>
    fc.tuple(...names.map((name) => fc.array(declaration, { minLength: 1, maxLength: 4 }).map((decls) => ({ name, text: `${HEADER}${decls.join('\n\n')}\napp.listen(3000);\n` })))),
  )
  .map((svcs) => {
    const files: Record<string, string> = {};
    for (const s of svcs) {
      files[`${s.name}/package.json`] = JSON.stringify({ name: s.name, dependencies: { express: '*', fastify: '*', axios: '*', got: '*', kafkajs: '*', nats: '*' } });
      files[`${s.name}/src/main.ts`] = s.text;
    }
    return files;
  });

const TOKENS = ['{', '}', '(', ')', '`', '${', '"', "'", '/*', '//', '=>', 'await ', 'async ', '<', '>', '@', '#', '\\', '\n', '\u202e', '\u2066', '\u200f', '\u200b', '\ufeff', '\ufffd', '\ud83d\ude00', '\ud800', 'ﾟ', '\u0301'];

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; token: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'nest'; at: number; depth: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 4 })) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }), weight: 1 },
  // now and then, nesting deeper than TypeScript's recursive parser can take
  { arbitrary: fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 3000, max: 6000 }) }), weight: 1 },
);

function mutate(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length ? m.at % (t.length + 1) : 0;
    if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.length);
    else if (m.kind === 'insert') t = t.slice(0, at) + m.token + t.slice(at);
    else if (m.kind === 'nest') t = t.slice(0, at) + '(\n'.repeat(m.depth) + t.slice(at);
    else t = t.slice(0, Math.max(at, Math.floor(t.length / 2)));
  }
  return t;
}

/** A generated workspace with its source files mutated. */
const mutated = fc.tuple(workspace, fc.array(mutation, { maxLength: 6 })).map(([files, ms]) => {
  const out: Record<string, string> = {};
  for (const [rel, text] of Object.entries(files)) out[rel] = rel.endsWith('.ts') ? mutate(text, ms) : text;
  return out;
});

/** The analysis as the CLI prints it, with the one field that measures time zeroed. */
function analyseToJson(files: Record<string, string>, order: 'forward' | 'reverse' = 'forward'): string {
  // one folder name for every run: a workspace without services is named after its folder
  const entries = Object.entries(files).map(([rel, text]) => [`ws/${rel}`, text] as const);
  const root = writeWorkspace(Object.fromEntries(order === 'forward' ? entries : entries.reverse()));
  try {
    const model = analyze(path.join(root, 'ws'), { workers: 0 }, new FactsCache());
    model.stats.millis = 0;
    return toJson(model);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function check<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void): void {
  const details = fc.check(fc.property(arb, predicate), { seed: SEED, numRuns: RUNS });
  if (details.failed) {
    console.log(`# fast-check failed: seed ${details.seed}, path ${details.counterexamplePath ?? ''}`);
    fc.assert(fc.property(arb, predicate), { seed: details.seed, path: details.counterexamplePath ?? '', numRuns: RUNS });
  }
}

describe('hardening: properties of the engine on generated and mutated services', () => {
  it('generated services are analysed and found (the generator is not vacuous)', () => {
    let withInteractions = 0;
    check(workspace, (files) => {
      const doc = JSON.parse(analyseToJson(files)) as { interactions: unknown[] };
      assert.deepEqual(contractProblems(doc), []);
      if (doc.interactions.length) withInteractions++;
    });
    assert.ok(withInteractions > RUNS / 2, `${withInteractions} of ${RUNS} workspaces have interactions`);
  });

  it('never throws on mutated code and always returns a model that keeps the JSON contract', () => {
    check(mutated, (files) => {
      const doc: unknown = JSON.parse(analyseToJson(files));
      assert.deepEqual(contractProblems(doc), []);
    });
  });

  it('the same input twice gives byte-identical JSON, whatever order the files were written in', () => {
    check(mutated, (files) => {
      const first = analyseToJson(files);
      assert.equal(analyseToJson(files), first);
      assert.equal(analyseToJson(files, 'reverse'), first);
    });
  });
});
