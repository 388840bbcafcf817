/**
 * Common data outside databases: Redis key spaces (`session:${id}` → `session:*`), S3 buckets
 * (SDK v3 commands, v2 methods, lib-storage uploads) and files one service writes and another reads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonData, compose, service, sharedStores } from './helpers/data';
import { analyzeFiles } from './helpers/workspace';

describe('common data: Redis key spaces', () => {
  const files = (sessionsRedis: string): Record<string, string> => ({
    'docker-compose.yml': compose({ auth: { REDIS_URL: 'redis://cache:6379' }, api: { REDIS_URL: sessionsRedis } }),
    ...service('auth', 3001, ['ioredis']),
    ...service('api', 3002, ['redis']),
    'auth/src/sessions.ts': `import Redis from 'ioredis';
const redis = new Redis(process.env.REDIS_URL!);
export async function login(id: string, token: string) {
  await redis.set(\`session:\${token}\`, id, 'EX', 3600);
  await redis.hset('user:' + id + ':profile', 'last', Date.now());
}
`,
    'api/src/guard.ts': `import { createClient } from 'redis';
const client = createClient({ url: process.env.REDIS_URL });
export async function check(token: string) {
  const id = await client.get(\`session:\${token}\`);
  await client.publish('audit', token);
  return client.hGetAll(\`user:\${id}:prefs\`);
}
`,
  });

  it('two services on one key space of one Redis; other prefixes and pub/sub are not data', () => {
    const model = analyzeFiles(files('redis://cache:6379/0'));
    assert.deepEqual(commonData(model), [
      'api api/src/guard.ts:4 read redis session:* [api,auth] owner=auth',
      'auth auth/src/sessions.ts:4 write redis session:* [api,auth] owner=auth',
    ]);
  });

  it('another Redis: not shared', () => {
    assert.deepEqual(commonData(analyzeFiles(files('redis://api-cache:6379'))), []);
  });

  it('no connection settings: a specific key space is shared by name, a generic one (cache:*) is not', () => {
    const model = analyzeFiles({
      'docker-compose.yml': compose({ orders: {}, tracking: {} }),
      ...service('orders', 3001, ['ioredis']),
      ...service('tracking', 3002, ['ioredis']),
      'orders/src/status.ts': `import Redis from 'ioredis';
const redis = new Redis();
export async function paid(id: string) {
  await redis.set(\`order-status:\${id}\`, 'PAID');
  await redis.set(\`cache:\${id}\`, '1');
}
`,
      'tracking/src/status.ts': `import Redis from 'ioredis';
const redis = new Redis();
export async function show(id: string) {
  await redis.get(\`cache:\${id}\`);
  return redis.get(\`order-status:\${id}\`);
}
`,
    });
    assert.deepEqual(sharedStores(model), ['redis order-status:* [orders,tracking] owner=orders']);
  });
});

describe('common data: S3 buckets', () => {
  it('one service uploads into a bucket another reads (v3 command, v2 method, bucket from env)', () => {
    const model = analyzeFiles({
      'docker-compose.yml': compose({ uploads: { BUCKET: 'acme-invoices' }, billing: {} }),
      ...service('uploads', 3001, ['@aws-sdk/client-s3']),
      ...service('billing', 3002, ['aws-sdk']),
      'uploads/src/store.ts': `import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nexport const put = (key: string, body: Buffer) => s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: key, Body: body }));\n`,
      'billing/src/read.ts': `import { S3 } from 'aws-sdk';\nconst s3 = new S3();\nexport const read = (key: string) => s3.getObject({ Bucket: 'acme-invoices', Key: key }).promise();\nexport const other = (key: string) => s3.getObject({ Bucket: 'acme-logs', Key: key }).promise();\n`,
    });
    assert.deepEqual(commonData(model), [
      'billing billing/src/read.ts:3 read s3 bucket acme-invoices [billing,uploads] owner=uploads',
      'uploads uploads/src/store.ts:3 write s3 bucket acme-invoices [billing,uploads] owner=uploads',
    ]);
  });
});

describe('common data: files', () => {
  it('a file one service writes and another reads (configured directory); relative paths and reads only are not shared', () => {
    const model = analyzeFiles({
      'docker-compose.yml': compose({ exporter: { EXPORT_DIR: '/shared/exports' }, importer: { EXPORT_DIR: '/shared/exports' } }),
      ...service('exporter', 3001),
      ...service('importer', 3002),
      'exporter/src/export.ts': `import { writeFile } from 'node:fs/promises';\nimport * as path from 'node:path';\nexport async function dump(day: string, csv: string) {\n  await writeFile(path.join(process.env.EXPORT_DIR!, \`\${day}.csv\`), csv);\n  await writeFile('./tmp/last.txt', day);\n}\n`,
      'importer/src/import.ts': `import * as fs from 'node:fs';\nexport function pending() {\n  return fs.readdirSync(process.env.EXPORT_DIR!);\n}\nexport const cfg = () => fs.readFileSync('/etc/app/config.json', 'utf8');\nexport const last = () => fs.readFileSync('./tmp/last.txt', 'utf8');\n`,
    });
    assert.deepEqual(sharedStores(model), ['file /shared/exports/* [exporter,importer] owner=exporter']);
  });
});
