/**
 * tRPC between services: routers with nested routers and procedures served under an adapter's
 * path are HTTP endpoints (`GET /trpc/items.byId` for a query, POST for a mutation); client calls
 * `client.a.b.query()` / `.mutate()` / `.subscribe()` reach the server named by the client's URL,
 * or by the module its `AppRouter` type comes from, and the procedure of that path there. A
 * procedure no server has is reported, not guessed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages, service, summary, system } from './helpers/messaging';

const ORDERS = {
  'src/trpc.ts': `import { initTRPC } from '@trpc/server';
const t = initTRPC.context<{ user?: string }>().create();
export const router = t.router;
export const publicProcedure = t.procedure;
`,
  'src/routers/items.ts': `import { z } from 'zod';
import { router, publicProcedure } from '../trpc';
export const itemsRouter = router({
  list: publicProcedure.query(() => []),
  byId: publicProcedure.input(z.string()).query(({ input }) => ({ id: input })),
  reserve: publicProcedure.input(z.object({ id: z.string() })).mutation(async ({ input }) => ({ ok: !!input.id })),
});
`,
  'src/router.ts': `import { observable } from '@trpc/server/observable';
import { router, publicProcedure } from './trpc';
import { itemsRouter } from './routers/items';
const health = publicProcedure.query(() => 'ok');
export const appRouter = router({
  health,
  items: itemsRouter,
  admin: router({
    stats: publicProcedure.query(() => 1),
    onAlert: publicProcedure.subscription(() => observable<string>((emit) => { emit.next('x'); })),
  }),
});
export type AppRouter = typeof appRouter;
`,
  'src/main.ts': `import express from 'express';
import * as trpcExpress from '@trpc/server/adapters/express';
import { appRouter } from './router';
const app = express();
app.use('/trpc', trpcExpress.createExpressMiddleware({ router: appRouter }));
app.listen(4000);
`,
};

const INVENTORY = {
  'src/main.ts': `import { initTRPC } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
const t = initTRPC.create();
const stockRouter = t.router({
  level: t.procedure.query(() => 3),
});
const appRouter = t.router({ stock: stockRouter });
export type InventoryRouter = typeof appRouter;
createHTTPServer({ router: appRouter }).listen(5000);
`,
};

const CHECKOUT = {
  'src/orders-client.ts': `import { createTRPCProxyClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '../../orders/src/router';
export const orders = createTRPCProxyClient<AppRouter>({ links: [httpBatchLink({ url: 'http://orders:4000/trpc' })] });
`,
  'src/checkout.ts': `import { createTRPCClient, httpLink } from '@trpc/client';
import type { InventoryRouter } from '../../inventory/src/main';
import { orders } from './orders-client';
const inventory = createTRPCClient<InventoryRouter>({ links: [httpLink({ url: 'http://localhost:5000' })] });
export async function checkout(id: string) {
  const item = await orders.items.byId.query(id);
  const level = await inventory.stock.level.query();
  orders.items.reserve.mutate({ id });
  return { item, level };
}
export function watch() {
  orders.admin.onAlert.subscribe(undefined, { onData: (d: string) => console.log(d) });
}
export async function typo() {
  return await orders.items.byID.query('1');
}
`,
};

const REPORTS = {
  'src/report.ts': `import { createTRPCProxyClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '../../orders/src/router';
const api = createTRPCProxyClient<AppRouter>({ links: [httpBatchLink({ url: process.env.API_URL! })] });
export async function daily() {
  const n = await api.admin.stats.query();
  await api.reports.missing.query();
  return n;
}
`,
};

/** 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('tRPC', () => {
  const model = system(
    service('orders', ORDERS, ['@trpc/server', 'express', 'zod']),
    service('inventory', INVENTORY, ['@trpc/server']),
    service('checkout', CHECKOUT, ['@trpc/client']),
    service('reports', REPORTS, ['@trpc/client']),
  );

  it('reports every procedure of nested routers at its path under the adapter, queries as GET and mutations as POST', () => {
    const eps = model.endpoints
      .filter((e) => e.framework === 'trpc')
      .map((e) => `${e.service} ${e.kind} ${e.method} ${e.path}`)
      .sort();
    assert.deepEqual(eps, [
      'inventory http GET /stock.level',
      'orders http GET /trpc/admin.onAlert',
      'orders http GET /trpc/admin.stats',
      'orders http GET /trpc/health',
      'orders http GET /trpc/items.byId',
      'orders http GET /trpc/items.list',
      'orders http POST /trpc/items.reserve',
    ]);
  });

  it('links client calls by URL and procedure path, with the style from how the result is used', () => {
    assert.deepEqual(summary(messages(model, 'trpc')), [
      'checkout -sync-request-response-> orders [items.byId]',
      'checkout -sync-request-response-> inventory [stock.level]',
      'checkout -fire-and-forget-> orders [items.reserve]',
      'checkout -async-request-response-> orders [admin.onAlert]',
      'checkout -sync-request-response-> orders [items.byID]',
      'reports -sync-request-response-> orders [admin.stats]',
      'reports -sync-request-response-> orders [reports.missing]',
    ]);
    const byId = messages(model, 'trpc').find((i) => i.channel === 'items.byId');
    assert.equal(byId?.endpoints.length, 1);
    assert.match(byId!.endpoints[0]!, /GET \/trpc\/items\.byId/);
    assert.match(byId!.target, /^trpc query items\.byId at orders:4000/);
    const reserve = messages(model, 'trpc').find((i) => i.channel === 'items.reserve');
    assert.match(reserve!.endpoints[0]!, /POST \/trpc\/items\.reserve/);
  });

  it('takes the server from the AppRouter type when the URL cannot be read', () => {
    const stats = messages(model, 'trpc').find((i) => i.channel === 'admin.stats');
    assert.deepEqual(stats?.callees, ['orders']);
    assert.equal(stats?.endpoints.length, 1);
  });

  it('reports a procedure the server does not have, instead of matching another', () => {
    for (const name of ['items.byID', 'reports.missing']) {
      const i = messages(model, 'trpc').find((x) => x.channel === name);
      assert.deepEqual(i?.endpoints, [], name);
    }
    const findings = model.findings.filter((f) => f.rule === 'unresolved-endpoint');
    assert.equal(findings.filter((f) => f.file === 'checkout/src/checkout.ts' && f.line === lineOf(CHECKOUT['src/checkout.ts'], 'byID')).length, 1);
    assert.equal(findings.filter((f) => f.file === 'reports/src/report.ts' && f.line === lineOf(REPORTS['src/report.ts'], 'missing')).length, 1);
    assert.match(findings.find((f) => f.file === 'reports/src/report.ts')!.message, /procedure/);
  });

  it('finds a synchronous chain through tRPC calls', () => {
    assert.ok(model.interactions.some((i) => i.mechanism === 'trpc' && i.style === 'sync-request-response' && i.callees.includes('inventory')));
  });

  it('does not take other `.query()` calls for tRPC', () => {
    const other = system(
      service('svc', {
        'src/db.ts': `import { Pool } from 'pg';\nconst pool = new Pool();\nexport const db = { pool };\nexport async function f() { return db.pool.query('select 1'); }\n// procedure\n`,
      }, ['pg']),
    );
    assert.deepEqual(messages(other, 'trpc'), []);
  });
});
