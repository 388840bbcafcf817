import { startCustomerNotifyConsumer } from './consumers/customer-notify.consumer';
import { startPaymentsConsumer } from './consumers/payments.consumer';
import { startShipmentsConsumer } from './consumers/shipments.consumer';
import { createHttpServer } from './http';
import { logger } from './logger';

async function main(): Promise<void> {
  const amqpConnection = await startPaymentsConsumer();
  const nats = await startShipmentsConsumer();
  const redis = await startCustomerNotifyConsumer();

  const port = Number(process.env.PORT ?? 3006);
  const server = createHttpServer().listen(port, () => logger.info({ port }, 'notifications listening'));

  process.once('SIGTERM', async () => {
    server.close();
    await Promise.allSettled([amqpConnection.close(), nats.drain(), redis.quit()]);
    process.exit(0);
  });
}

main().catch((err) => {
  logger.fatal({ err }, 'notifications failed to start');
  process.exit(1);
});
