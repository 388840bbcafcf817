import * as amqp from 'amqplib';

export const PAYMENTS_EXCHANGE = 'payments';

const PUBLISH_OPTIONS: amqp.Options.Publish = { persistent: true, contentType: 'application/json' };

let channel: amqp.ConfirmChannel | undefined;

export interface PaymentCompleted {
  chargeId: string;
  orderId: string;
  customerId: string;
  amountCents: number;
  currency: string;
}

export interface PaymentFailed {
  chargeId: string;
  orderId: string;
  customerId: string;
  reason: string;
}

export async function connectEvents(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL ?? 'amqp://rabbitmq:5672');
  channel = await connection.createConfirmChannel();
  await channel.assertExchange(PAYMENTS_EXCHANGE, 'topic', { durable: true });
  connection.on('close', () => {
    channel = undefined;
  });
}

function requireChannel(): amqp.ConfirmChannel {
  if (!channel) {
    throw new Error('RabbitMQ channel is not open');
  }
  return channel;
}

export async function publishPaymentCompleted(event: PaymentCompleted): Promise<void> {
  const ch = requireChannel();
  ch.publish(PAYMENTS_EXCHANGE, 'payment.completed', Buffer.from(JSON.stringify(event)), PUBLISH_OPTIONS);
  await ch.waitForConfirms();
}

export async function publishPaymentFailed(event: PaymentFailed): Promise<void> {
  const ch = requireChannel();
  ch.publish(PAYMENTS_EXCHANGE, 'payment.failed', Buffer.from(JSON.stringify(event)), PUBLISH_OPTIONS);
  await ch.waitForConfirms();
}
