import axios from 'axios';
import { Kafka, type EachMessagePayload } from 'kafkajs';
import { z } from 'zod';
import { getJson } from '@shop/http-client';
import { newTrackingNumber, pickCarrier } from './carriers';
import { logger } from './logger';
import { publishShipmentDispatched } from './nats';
import { prisma } from './prisma';

const ORDERS_URL = process.env.ORDERS_URL ?? 'http://orders:3001/api';
const CATALOG_URL = process.env.CATALOG_URL ?? 'http://catalog:3004';
const NOTIFICATIONS_URL = process.env.NOTIFICATIONS_URL ?? 'http://notifications:3006';

const orderCreatedSchema = z.object({ orderId: z.string().uuid() });

interface OrderView {
  id: string;
  customerId: string;
  status: string;
  items: Array<{ productId: string; quantity: number }>;
}

interface ProductView {
  id: string;
  weightGrams: number;
}

const kafka = new Kafka({
  clientId: 'shipping',
  brokers: (process.env.KAFKA_BROKERS ?? 'kafka:9092').split(','),
});
const consumer = kafka.consumer({ groupId: 'shipping' });

export async function startOrderCreatedConsumer(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'order.created', fromBeginning: false });
  await consumer.run({ eachMessage: handleOrderCreated });
}

export async function stopOrderCreatedConsumer(): Promise<void> {
  await consumer.disconnect();
}

async function handleOrderCreated({ message, partition }: EachMessagePayload): Promise<void> {
  const parsed = orderCreatedSchema.safeParse(JSON.parse(message.value?.toString() ?? 'null'));
  if (!parsed.success) {
    logger.error({ partition, offset: message.offset, issues: parsed.error.issues }, 'malformed order.created event');
    return;
  }
  const { orderId } = parsed.data;

  if (await prisma.shipment.findUnique({ where: { orderId } })) {
    logger.info({ orderId }, 'shipment already exists, skipping redelivery');
    return;
  }

  const { data: order } = await axios.get<OrderView>(`${ORDERS_URL}/orders/${orderId}`, { timeout: 3000 });

  let totalWeightGrams = 0;
  for (const line of order.items) {
    const product = await getJson<ProductView>(`${CATALOG_URL}/products/${line.productId}`);
    totalWeightGrams += product.weightGrams * line.quantity;
  }

  const carrier = pickCarrier(totalWeightGrams);
  const shipment = await prisma.shipment.create({
    data: { orderId, carrier, trackingNumber: newTrackingNumber(carrier), weightGrams: totalWeightGrams },
  });
  await prisma.order.update({ where: { id: orderId }, data: { status: 'SHIPPED' } });

  publishShipmentDispatched({
    shipmentId: shipment.id,
    orderId,
    customerId: order.customerId,
    carrier,
    trackingNumber: shipment.trackingNumber,
    dispatchedAt: shipment.createdAt.toISOString(),
  });

  axios.post(
    `${NOTIFICATIONS_URL}/track`,
    { event: 'shipment.dispatched', orderId, at: new Date().toISOString() },
    { timeout: 2000 },
  );

  logger.info({ orderId, shipmentId: shipment.id, carrier }, 'order dispatched');
}
