import Fastify from 'fastify';
import { prisma } from './db';
import { connectEvents } from './events';
import { chargeRoutes } from './routes/charges';
import { historyRoutes } from './routes/history';

async function main(): Promise<void> {
  const app = Fastify({
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    requestIdHeader: 'x-request-id',
  });

  await connectEvents();
  await app.register(chargeRoutes);
  await app.register(historyRoutes);

  app.addHook('onClose', async () => {
    await prisma.$disconnect();
  });

  await app.listen({ host: '0.0.0.0', port: Number(process.env.PORT ?? 3002) });
}

main().catch((err) => {
  console.error('payments failed to start', err);
  process.exit(1);
});
