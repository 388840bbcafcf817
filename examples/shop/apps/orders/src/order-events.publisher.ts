import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Kafka, type Producer } from 'kafkajs';

@Injectable()
export class OrderEventsPublisher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(OrderEventsPublisher.name);
  private readonly producer: Producer;

  constructor(config: ConfigService) {
    const kafka = new Kafka({
      clientId: 'orders',
      brokers: config.get<string>('KAFKA_BROKERS', 'kafka:9092').split(','),
    });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.producer.disconnect();
  }

  /** Consumers get the id only and are expected to look the order up themselves. */
  async orderCreated(orderId: string): Promise<void> {
    await this.producer.send({
      topic: 'order.created',
      messages: [{ key: orderId, value: JSON.stringify({ orderId }) }],
    });
    this.logger.log(`order.created published for ${orderId}`);
  }

  async orderCancelled(orderId: string, reason: string): Promise<void> {
    await this.producer.send({
      topic: 'order.cancelled',
      messages: [{ key: orderId, value: JSON.stringify({ orderId, reason, cancelledAt: new Date().toISOString() }) }],
    });
    this.logger.log(`order.cancelled published for ${orderId}`);
  }
}
