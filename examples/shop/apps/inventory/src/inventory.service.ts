import { Injectable } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { Reservation, StockLevel, type ReservedLine } from './stock.entities';

const RESERVATION_TTL_MS = 15 * 60 * 1000;

export interface StockView {
  productId: string;
  available: number;
}

@Injectable()
export class InventoryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(StockLevel) private readonly stock: Repository<StockLevel>,
  ) {}

  async reserve(items: ReservedLine[]): Promise<{ reservationId: string; expiresAt: string }> {
    return this.dataSource.transaction(async (manager) => {
      const levels = await manager.find(StockLevel, {
        where: { productId: In(items.map((item) => item.productId)) },
        lock: { mode: 'pessimistic_write' },
      });
      const byId = new Map(levels.map((level) => [level.productId, level]));

      for (const item of items) {
        const level = byId.get(item.productId);
        if (!level || level.available < item.quantity) {
          throw new RpcException({ code: 'OUT_OF_STOCK', productId: item.productId });
        }
        level.reserved += item.quantity;
      }
      await manager.save(StockLevel, [...byId.values()]);

      const reservation = await manager.save(Reservation, {
        items,
        status: 'ACTIVE' as const,
        expiresAt: new Date(Date.now() + RESERVATION_TTL_MS),
      });
      return { reservationId: reservation.id, expiresAt: reservation.expiresAt.toISOString() };
    });
  }

  async release(reservationId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const reservation = await manager.findOne(Reservation, {
        where: { id: reservationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!reservation || reservation.status === 'RELEASED') {
        return false;
      }
      const levels = await manager.find(StockLevel, {
        where: { productId: In(reservation.items.map((item) => item.productId)) },
        lock: { mode: 'pessimistic_write' },
      });
      const byId = new Map(levels.map((level) => [level.productId, level]));
      for (const item of reservation.items) {
        const level = byId.get(item.productId);
        if (level) {
          level.reserved = Math.max(0, level.reserved - item.quantity);
        }
      }
      await manager.save(StockLevel, levels);
      reservation.status = 'RELEASED';
      await manager.save(reservation);
      return true;
    });
  }

  async levels(productIds: string[]): Promise<StockView[]> {
    const levels = await this.stock.find({ where: { productId: In(productIds) } });
    return levels.map((level) => ({ productId: level.productId, available: level.available }));
  }
}
