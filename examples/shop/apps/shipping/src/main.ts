import express from 'express';
import { logger } from './logger';
import { closeNats, connectNats } from './nats';
import { startOrderCreatedConsumer, stopOrderCreatedConsumer } from './order-created.consumer';
import { prisma } from './prisma';
import { shipmentsRouter } from './shipments.routes';

async function main(): Promise<void> {
  await connectNats();
  await startOrderCreatedConsumer();

  const app = express();
  app.use(express.json());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(shipmentsRouter);

  const port = Number(process.env.PORT ?? 3005);
  const server = app.listen(port, () => logger.info({ port }, 'shipping listening'));

  const shutdown = async (): Promise<void> => {
    server.close();
    await stopOrderCreatedConsumer();
    await closeNats();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((err) => {
  logger.fatal({ err }, 'shipping failed to start');
  process.exit(1);
});
