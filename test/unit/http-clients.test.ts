/**
 * HTTP client detection as a code table: one caller snippet per case, a payments service that
 * serves the routes, and the interaction we expect (library, method, callee, style, timeout).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, pkg } from './helpers/workspace';

const PAYMENTS = `
import express from 'express';
const app = express();
app.post('/charges', (req, res) => res.json({}));
app.get('/charges/:id', (req, res) => res.json({}));
app.listen(3002);
`;

const COMPOSE = `
services:
  payments:
    build: ./payments
    ports: ["3002:3002"]
  orders:
    build: ./orders
    environment:
      PAYMENTS_URL: http://payments:3002
`;

interface Case {
  name: string;
  code: string;
  library: string;
  method: string;
  style: string;
  timeout?: boolean;
  callee?: string | null;
}

const CASES: Case[] = [
  { name: 'fetch awaited', code: `export async function f() { await fetch('http://payments:3002/charges', { method: 'POST' }); }`, library: 'fetch', method: 'POST', style: 'sync-request-response', timeout: false },
  { name: 'fetch with abort signal', code: `export async function f() { const r = await fetch(\`\${process.env.PAYMENTS_URL}/charges/1\`, { signal: AbortSignal.timeout(500) }); return r.ok; }`, library: 'fetch', method: 'GET', style: 'sync-request-response', timeout: true },
  { name: 'void fetch', code: `export function f() { void fetch('http://payments:3002/charges', { method: 'POST' }); }`, library: 'fetch', method: 'POST', style: 'fire-and-forget' },
  { name: 'fetch then', code: `export function f() { fetch('http://payments:3002/charges/9').then((r) => console.log(r.status)); }`, library: 'fetch', method: 'GET', style: 'async-request-response' },
  { name: 'axios.post awaited', code: `import axios from 'axios';\nexport async function f() { return (await axios.post(process.env.PAYMENTS_URL + '/charges', {})).data; }`, library: 'axios', method: 'POST', style: 'sync-request-response', timeout: false },
  { name: 'axios with timeout in config', code: `import axios from 'axios';\nexport async function f() { await axios.get('http://payments:3002/charges/1', { timeout: 2000 }); }`, library: 'axios', method: 'GET', style: 'sync-request-response', timeout: true },
  { name: 'axios config call', code: `import axios from 'axios';\nexport async function f() { await axios({ method: 'post', url: 'http://payments:3002/charges' }); }`, library: 'axios', method: 'POST', style: 'sync-request-response' },
  { name: 'axios.create baseURL', code: `import axios from 'axios';\nconst api = axios.create({ baseURL: process.env.PAYMENTS_URL ?? 'http://payments:3002', timeout: 1000 });\nexport async function f() { await api.post('/charges', {}); }`, library: 'axios', method: 'POST', style: 'sync-request-response', timeout: true },
  { name: 'require axios', code: `const axios = require('axios');\nasync function f() { await axios.get('http://payments:3002/charges/1'); }\nmodule.exports = { f };`, library: 'axios', method: 'GET', style: 'sync-request-response' },
  { name: 'got json', code: `import got from 'got';\nexport async function f() { return got.post('http://payments:3002/charges', { json: {} }).json(); }`, library: 'got', method: 'POST', style: 'sync-request-response' },
  { name: 'ky', code: `import ky from 'ky';\nexport async function f() { await ky.get('http://payments:3002/charges/2').json(); }`, library: 'ky', method: 'GET', style: 'sync-request-response' },
  { name: 'superagent', code: `import superagent from 'superagent';\nexport async function f() { await superagent.post('http://payments:3002/charges').send({}); }`, library: 'superagent', method: 'POST', style: 'sync-request-response' },
  { name: 'undici request', code: `import { request } from 'undici';\nexport async function f() { await request('http://payments:3002/charges', { method: 'POST' }); }`, library: 'undici', method: 'POST', style: 'sync-request-response' },
  { name: 'promise all', code: `export async function f() { await Promise.all([fetch('http://payments:3002/charges/1'), fetch('http://payments:3002/charges/2')]); }`, library: 'fetch', method: 'GET', style: 'sync-request-response' },
  { name: 'variable awaited later', code: `export async function f() { const p = fetch('http://payments:3002/charges/1'); doOther(); return await p; }\nfunction doOther() {}`, library: 'fetch', method: 'GET', style: 'sync-request-response' },
  { name: 'NestJS HttpService with firstValueFrom', code: `import { Injectable } from '@nestjs/common';\nimport { HttpService } from '@nestjs/axios';\nimport { firstValueFrom } from 'rxjs';\n@Injectable()\nexport class C { constructor(private readonly http: HttpService) {}\n  async f() { return firstValueFrom(this.http.post('http://payments:3002/charges', {})); } }`, library: '@nestjs/axios', method: 'POST', style: 'sync-request-response' },
  { name: 'NestJS HttpService subscribed', code: `import { HttpService } from '@nestjs/axios';\nexport class C { constructor(private http: HttpService) {}\n  f() { this.http.get('http://payments:3002/charges/1').subscribe((r) => console.log(r.data)); } }`, library: '@nestjs/axios', method: 'GET', style: 'async-request-response' },
  { name: 'third-party API is not a service', code: `export async function f() { await fetch('https://api.stripe.com/v1/charges', { method: 'POST' }); }`, library: 'fetch', method: 'POST', style: 'sync-request-response', callee: null },
];

describe('HTTP clients', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const model = analyzeFiles({
        'docker-compose.yml': COMPOSE,
        'payments/package.json': pkg('payments', ['express']),
        'payments/src/main.ts': PAYMENTS,
        'orders/package.json': pkg('orders'),
        'orders/src/main.ts': `import { f } from './client';\nimport express from 'express';\nconst app = express();\napp.post('/orders', async (_req, res) => res.json(await f()));\napp.listen(3001);\n`,
        'orders/src/client.ts': c.code,
      });
      const calls = model.interactions.filter((i) => i.file === 'orders/src/client.ts');
      if (c.callee === null) {
        assert.equal(calls.length, 0, `third-party calls stay out of the service graph: ${JSON.stringify(calls)}`);
        return;
      }
      assert.ok(calls.length >= 1, `no interaction found in ${JSON.stringify(model.interactions)}`);
      for (const i of calls) {
        assert.equal(i.library, c.library);
        assert.equal(i.style, c.style);
        assert.deepEqual(i.callees, [c.callee ?? 'payments']);
        assert.match(i.target, new RegExp(`^${c.method} `));
        assert.equal(i.service, 'orders');
        if (c.timeout !== undefined) assert.equal(i.traits?.hasTimeout, c.timeout);
        assert.ok(i.endpoints.length >= 1, `endpoint not matched for ${i.target}`);
      }
    });
  }
});
