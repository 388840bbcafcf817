import { connect, StringCodec, type NatsConnection } from 'nats';
import { z } from 'zod';
import { deliver } from '../deliver';
import { logger } from '../logger';

const codec = StringCodec();

interface ShipmentEvent {
  shipmentId: string;
  orderId: string;
  customerId: string;
  carrier: string;
  trackingNumber: string;
}

const lowStockSchema = z.object({
  productId: z.string().min(1),
  available: z.number().int(),
});

export async function startShipmentsConsumer(): Promise<NatsConnection> {
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://nats:4222', name: 'notifications' });

  const shipments = nc.subscribe('shipment.*', { queue: 'notifications' });
  void (async () => {
    for await (const msg of shipments) {
      const event = JSON.parse(codec.decode(msg.data)) as ShipmentEvent;
      const stage = msg.subject.split('.')[1];
      await deliver(event.customerId, 'shipment-update', {
        orderId: event.orderId,
        stage,
        carrier: event.carrier,
        trackingNumber: event.trackingNumber,
      });
    }
  })();

  nc.subscribe('inventory.low-stock', {
    queue: 'notifications',
    callback: (err, msg) => {
      if (err) {
        logger.error({ err }, 'low-stock subscription failed');
        return;
      }
      const parsed = lowStockSchema.safeParse(JSON.parse(codec.decode(msg.data)));
      if (!parsed.success) {
        logger.warn({ issues: parsed.error.issues }, 'dropping malformed low-stock alert');
        return;
      }
      void deliver('ops@shop.example', 'low-stock-alert', parsed.data);
    },
  });

  return nc;
}
