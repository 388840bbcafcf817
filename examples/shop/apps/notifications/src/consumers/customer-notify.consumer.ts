import Redis from 'ioredis';
import { z } from 'zod';
import { deliver } from '../deliver';
import { logger } from '../logger';

const CHANNEL = 'customer.notify';

const customerNotifySchema = z.object({
  customerId: z.string().min(1),
  template: z.enum(['order-received']),
  orderId: z.string().uuid().optional(),
});

export async function startCustomerNotifyConsumer(): Promise<Redis> {
  const subscriber = new Redis(process.env.REDIS_URL ?? 'redis://redis:6379');

  subscriber.on('message', (channel: string, raw: string) => {
    if (channel !== CHANNEL) {
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      logger.warn({ channel }, 'dropping non-JSON customer notification');
      return;
    }
    const parsed = customerNotifySchema.safeParse(payload);
    if (!parsed.success) {
      logger.warn({ channel, issues: parsed.error.issues }, 'dropping malformed customer notification');
      return;
    }
    deliver(parsed.data.customerId, parsed.data.template, { orderId: parsed.data.orderId }).catch((err: unknown) =>
      logger.error({ err }, 'customer notification failed'),
    );
  });

  await subscriber.subscribe(CHANNEL);
  return subscriber;
}
