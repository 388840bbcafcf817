/**
 * Redis key spaces: commands on keys (`get`, `set`, `hset`, `sadd`, `zadd`, `incr`, ... in ioredis
 * and node-redis spellings) with the key's literal prefix as the store (`session:${id}` is the key
 * space `session:*`). Pub/sub, streams and blocking list pops are messaging and left to those
 * detectors.
 */
import { ts } from 'ts-morph';
import type { DataOp } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { rootOf, unwrap } from '../../syntax/origin';
import { anyWord, type Detector } from '../detector';
import { memberCall } from '../../syntax/objects';
import { addAccess } from './common';

const READS = [
  'get',
  'mget',
  'getrange',
  'strlen',
  'exists',
  'ttl',
  'pttl',
  'type',
  'hget',
  'hgetall',
  'hmget',
  'hkeys',
  'hvals',
  'hlen',
  'hexists',
  'smembers',
  'sismember',
  'smismember',
  'scard',
  'srandmember',
  'lrange',
  'llen',
  'lindex',
  'zrange',
  'zrangebyscore',
  'zrevrange',
  'zrevrangebyscore',
  'zscore',
  'zcard',
  'zcount',
  'zrank',
  'zrevrank',
  'pfcount',
  'getbit',
  'bitcount',
  'geopos',
  'geodist',
  'georadius',
  'geosearch',
];
const WRITES = [
  'set',
  'setex',
  'psetex',
  'setnx',
  'mset',
  'msetnx',
  'getset',
  'getdel',
  'getex',
  'append',
  'setrange',
  'del',
  'unlink',
  'expire',
  'pexpire',
  'expireat',
  'persist',
  'incr',
  'incrby',
  'incrbyfloat',
  'decr',
  'decrby',
  'hset',
  'hsetnx',
  'hmset',
  'hdel',
  'hincrby',
  'hincrbyfloat',
  'sadd',
  'srem',
  'spop',
  'smove',
  'lpush',
  'rpush',
  'lpushx',
  'rpushx',
  'lpop',
  'rpop',
  'lrem',
  'lset',
  'ltrim',
  'linsert',
  'rpoplpush',
  'lmove',
  'zadd',
  'zrem',
  'zincrby',
  'zremrangebyscore',
  'zremrangebyrank',
  'pfadd',
  'setbit',
  'geoadd',
  'rename',
];
const OPS = new Map<string, DataOp>([
  ...READS.map((m) => [m, 'read'] as [string, DataOp]),
  ...WRITES.map(
    (m) =>
      [
        m,
        m === 'del' || m === 'unlink'
          ? 'delete'
          : m === 'set' || m === 'setnx' || m === 'hset' || m === 'sadd' || m === 'lpush' || m === 'rpush' || m === 'zadd'
            ? 'create'
            : 'update',
      ] as [string, DataOp],
  ),
]);

const MODULES = ['ioredis', 'redis', '@redis/client', '@upstash/redis', '@nestjs-modules/ioredis', '@liaoliaots/nestjs-redis', 'cache-manager-ioredis'];

function isRedis(ctx: FileContext, recv: ts.Expression): boolean {
  const o = rootOf(ctx.origin(recv));
  if (o.kind === 'import' && MODULES.includes(o.module)) return true;
  if (o.kind === 'type' && ((o.module !== undefined && MODULES.includes(o.module)) || /^(Redis|RedisClientType|RedisClient|Cluster|IORedis)$/.test(o.typeName)))
    return true;
  const text = recv.getText();
  const last = text.split('.').pop() ?? text;
  // pipelines and transactions: redis.multi().set(...)
  if (ts.isCallExpression(unwrap(recv))) {
    const c = unwrap((unwrap(recv) as ts.CallExpression).expression);
    if (ts.isPropertyAccessExpression(c) && /^(multi|pipeline)$/.test(c.name.text)) return isRedis(ctx, c.expression);
  }
  return /redis/i.test(last);
}

/** Detects Redis key commands and their key spaces. */
export const redisKeys: Detector = {
  id: 'data-redis',
  applies: anyWord('redis', 'Redis'),
  onCall(call, ctx) {
    const mc = memberCall(call);
    if (!mc) return;
    const op = OPS.get(mc.method.toLowerCase());
    const key = call.arguments[0];
    if (!op || !key || !isRedis(ctx, mc.recv)) return;
    const sym = ctx.sym(key);
    if (!sym || sym.k === 'unknown') return;
    addAccess(ctx, call, 'redis', sym, { kind: 'keyspace', via: 'name', op }, mc.method);
  },
};
