import express, { type Express } from 'express';
import { z } from 'zod';
import { logger } from './logger';

const trackSchema = z.object({
  event: z.string().min(1).max(64),
  orderId: z.string().uuid().optional(),
  at: z.string().datetime(),
});

const counters = new Map<string, number>();

export function createHttpServer(): Express {
  const app = express();
  app.use(express.json({ limit: '8kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', tracked: Object.fromEntries(counters) });
  });

  app.post('/track', (req, res) => {
    const parsed = trackSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_event' });
      return;
    }
    counters.set(parsed.data.event, (counters.get(parsed.data.event) ?? 0) + 1);
    logger.debug(parsed.data, 'tracked');
    res.status(202).end();
  });

  return app;
}
