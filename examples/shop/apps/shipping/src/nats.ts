import { connect, StringCodec, type NatsConnection } from 'nats';
import { logger } from './logger';

const codec = StringCodec();
let nc: NatsConnection | undefined;

export interface ShipmentDispatched {
  shipmentId: string;
  orderId: string;
  customerId: string;
  carrier: string;
  trackingNumber: string;
  dispatchedAt: string;
}

export async function connectNats(): Promise<void> {
  nc = await connect({ servers: process.env.NATS_URL ?? 'nats://nats:4222', name: 'shipping' });
  nc.closed().then((err) => logger.warn({ err }, 'nats connection closed'));
}

export function publishShipmentDispatched(event: ShipmentDispatched): void {
  if (!nc) {
    throw new Error('NATS connection not initialised');
  }
  nc.publish('shipment.dispatched', codec.encode(JSON.stringify(event)));
}

export async function closeNats(): Promise<void> {
  await nc?.drain();
}
