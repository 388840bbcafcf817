import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnModuleInit,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpService } from '@nestjs/axios';
import { ClientGrpc, ClientProxy } from '@nestjs/microservices';
import { Order, OrderStatus, Prisma } from '@prisma/client';
import { firstValueFrom, timeout } from 'rxjs';
import type { CatalogService, Product } from './catalog.types';
import { CreateOrderDto } from './dto/create-order.dto';
import { OrderEventsPublisher } from './order-events.publisher';
import { PrismaService } from './prisma.service';

interface PricedLine {
  productId: string;
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

interface Reservation {
  reservationId: string;
  expiresAt: string;
}

interface StockLevel {
  productId: string;
  available: number;
}

interface ChargeResult {
  chargeId: string;
  status: 'succeeded' | 'declined';
  reason?: string;
}

const ORDER_CURRENCY = 'EUR';
const LOW_STOCK_THRESHOLD = 5;

@Injectable()
export class OrdersService implements OnModuleInit {
  private readonly logger = new Logger(OrdersService.name);
  private catalog!: CatalogService;

  constructor(
    private readonly prisma: PrismaService,
    private readonly http: HttpService,
    private readonly config: ConfigService,
    private readonly events: OrderEventsPublisher,
    @Inject('INVENTORY_SERVICE') private readonly inventory: ClientProxy,
    @Inject('CATALOG_PACKAGE') private readonly catalogClient: ClientGrpc,
  ) {}

  onModuleInit(): void {
    this.catalog = this.catalogClient.getService<CatalogService>('CatalogService');
  }

  async create(dto: CreateOrderDto): Promise<Order> {
    const productIds = dto.items.map((item) => item.productId);
    const { products } = await firstValueFrom(this.catalog.getProducts({ ids: productIds }).pipe(timeout(2000)));
    const lines = this.priceLines(dto, products);
    const totalCents = lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);

    const reservation = await firstValueFrom(
      this.inventory.send<Reservation>('inventory.reserve', { items: dto.items }).pipe(timeout(3000)),
    );

    const order = await this.prisma.order.create({
      data: {
        customerId: dto.customerId,
        status: OrderStatus.PENDING,
        totalCents,
        currency: ORDER_CURRENCY,
        items: lines as unknown as Prisma.InputJsonValue,
        shippingAddress: { ...dto.shippingAddress },
        reservationId: reservation.reservationId,
      },
    });

    let charge: ChargeResult;
    try {
      charge = await this.chargeOrder(order, dto.paymentMethodId);
    } catch (err) {
      this.logger.error(`charge failed for order ${order.id}`, err instanceof Error ? err.stack : String(err));
      this.releaseReservation(reservation.reservationId, 'payment_error');
      await this.setStatus(order.id, OrderStatus.FAILED);
      throw new ServiceUnavailableException('Payment could not be processed, please retry');
    }

    if (charge.status === 'declined') {
      this.releaseReservation(reservation.reservationId, 'payment_declined');
      await this.setStatus(order.id, OrderStatus.FAILED);
      throw new UnprocessableEntityException(charge.reason ?? 'Payment declined');
    }

    const paid = await this.setStatus(order.id, OrderStatus.PAID);
    await this.events.orderCreated(paid.id);
    this.warnOnLowStock(productIds);
    return paid;
  }

  async findOne(id: string): Promise<Order> {
    const order = await this.prisma.order.findUnique({ where: { id } });
    if (!order) {
      throw new NotFoundException(`Order ${id} not found`);
    }
    return order;
  }

  async cancel(id: string): Promise<Order> {
    const order = await this.findOne(id);
    if (order.status !== OrderStatus.PAID) {
      throw new ConflictException(`Order ${id} cannot be cancelled while ${order.status}`);
    }

    await firstValueFrom(
      this.http.post('http://localhost:3002/refunds', {
        orderId: order.id,
        amountCents: order.totalCents,
        reason: 'customer_cancelled',
      }),
    );

    if (order.reservationId) {
      this.releaseReservation(order.reservationId, 'order_cancelled');
    }
    const cancelled = await this.setStatus(order.id, OrderStatus.CANCELLED);
    await this.events.orderCancelled(cancelled.id, 'customer_cancelled');
    return cancelled;
  }

  private async chargeOrder(order: Order, paymentMethodId: string): Promise<ChargeResult> {
    const { data } = await firstValueFrom(
      this.http.post<ChargeResult>(`${this.config.get<string>('PAYMENTS_URL')}/charges`, {
        orderId: order.id,
        customerId: order.customerId,
        amountCents: order.totalCents,
        currency: order.currency,
        paymentMethodId,
      }),
    );
    return data;
  }

  private priceLines(dto: CreateOrderDto, products: Product[]): PricedLine[] {
    const byId = new Map(products.map((product) => [product.id, product]));
    return dto.items.map((item) => {
      const product = byId.get(item.productId);
      if (!product) {
        throw new BadRequestException(`Unknown product ${item.productId}`);
      }
      if (product.currency !== ORDER_CURRENCY) {
        throw new BadRequestException(`Product ${product.sku} is not sold in ${ORDER_CURRENCY}`);
      }
      return { productId: product.id, sku: product.sku, quantity: item.quantity, unitPriceCents: product.priceCents };
    });
  }

  private releaseReservation(reservationId: string, reason: string): void {
    this.inventory.emit('inventory.release', { reservationId, reason });
  }

  private warnOnLowStock(productIds: string[]): void {
    this.inventory.send<StockLevel[]>({ cmd: 'inventory.check' }, { productIds }).subscribe((levels) => {
      const low = levels.filter((level) => level.available < LOW_STOCK_THRESHOLD);
      if (low.length > 0) {
        this.logger.warn(
          `Low stock after order: ${low.map((level) => `${level.productId}=${level.available}`).join(', ')}`,
        );
      }
    });
  }

  private setStatus(id: string, status: OrderStatus): Promise<Order> {
    return this.prisma.order.update({ where: { id }, data: { status } });
  }
}
