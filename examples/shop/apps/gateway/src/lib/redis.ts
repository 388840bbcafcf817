import Redis from 'ioredis';
import { logger } from './logger';

export const redis = new Redis(process.env.REDIS_URL ?? 'redis://redis:6379', {
  maxRetriesPerRequest: 3,
  enableAutoPipelining: true,
});

redis.on('error', (err) => logger.error({ err }, 'redis connection error'));
