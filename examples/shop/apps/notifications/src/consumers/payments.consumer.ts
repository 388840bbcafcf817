import * as amqp from 'amqplib';
import { z } from 'zod';
import { deliver } from '../deliver';
import { logger } from '../logger';

const EXCHANGE = 'payments';
const QUEUE = 'notifications.payments';

const paymentEventSchema = z.object({
  chargeId: z.string().uuid(),
  orderId: z.string().uuid(),
  customerId: z.string().min(1),
  amountCents: z.number().int().optional(),
  currency: z.string().length(3).optional(),
  reason: z.string().optional(),
});

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export async function startPaymentsConsumer(): Promise<amqp.ChannelModel> {
  const connection = await amqp.connect(process.env.AMQP_URL ?? 'amqp://rabbitmq:5672');
  const channel = await connection.createChannel();
  await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
  await channel.assertQueue(QUEUE, { durable: true });
  await channel.bindQueue(QUEUE, EXCHANGE, 'payment.*');
  await channel.prefetch(10);

  await channel.consume(QUEUE, async (msg) => {
    if (!msg) {
      return;
    }
    const parsed = paymentEventSchema.safeParse(parseJson(msg.content.toString()));
    if (!parsed.success) {
      logger.warn(
        { routingKey: msg.fields.routingKey, issues: parsed.error.issues },
        'dropping malformed payment event',
      );
      channel.nack(msg, false, false);
      return;
    }

    const event = parsed.data;
    try {
      switch (msg.fields.routingKey) {
        case 'payment.completed':
          await deliver(event.customerId, 'payment-confirmed', {
            orderId: event.orderId,
            amountCents: event.amountCents,
          });
          break;
        case 'payment.failed':
          await deliver(event.customerId, 'payment-failed', { orderId: event.orderId, reason: event.reason });
          break;
        default:
          logger.debug({ routingKey: msg.fields.routingKey }, 'ignoring payment event');
      }
      channel.ack(msg);
    } catch (err) {
      logger.error({ err, orderId: event.orderId }, 'payment notification failed, requeueing');
      channel.nack(msg, false, true);
    }
  });

  return connection;
}
