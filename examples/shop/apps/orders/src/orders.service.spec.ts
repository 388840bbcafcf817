import { HttpService } from '@nestjs/axios';
import { ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { OrderStatus } from '@prisma/client';
import axios from 'axios';
import nock from 'nock';
import { of } from 'rxjs';
import { OrderEventsPublisher } from './order-events.publisher';
import { OrdersService } from './orders.service';
import { PrismaService } from './prisma.service';

const PAYMENTS_URL = 'http://payments.test';

const product = {
  id: 'p-1',
  sku: 'ESP-1KG',
  name: 'Espresso beans',
  priceCents: 1899,
  currency: 'EUR',
  weightGrams: 1000,
};
const dto = {
  customerId: 'cus_1',
  paymentMethodId: 'pm_card_visa',
  items: [{ productId: 'p-1', quantity: 2 }],
  shippingAddress: { line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
};

describe('OrdersService', () => {
  let service: OrdersService;
  const order = { id: 'a3c7c1de-5d2f-4a8e-9a57-1f0b0c1d2e3f', customerId: 'cus_1', totalCents: 3798, currency: 'EUR' };
  const prisma = {
    order: {
      create: jest.fn().mockResolvedValue({ ...order, status: OrderStatus.PENDING }),
      update: jest.fn().mockImplementation(({ data }) => Promise.resolve({ ...order, status: data.status })),
      findUnique: jest.fn(),
    },
  };
  const inventory = {
    send: jest
      .fn()
      .mockImplementation((pattern: unknown) =>
        pattern === 'inventory.reserve'
          ? of({ reservationId: 'res-1', expiresAt: new Date().toISOString() })
          : of([{ productId: 'p-1', available: 42 }]),
      ),
    emit: jest.fn().mockReturnValue(of(undefined)),
  };
  const catalogClient = { getService: () => ({ getProducts: () => of({ products: [product] }) }) };
  const events = { orderCreated: jest.fn(), orderCancelled: jest.fn() };

  beforeEach(async () => {
    jest.clearAllMocks();
    const moduleRef = await Test.createTestingModule({
      providers: [
        OrdersService,
        { provide: PrismaService, useValue: prisma },
        { provide: HttpService, useValue: new HttpService(axios.create()) },
        { provide: ConfigService, useValue: new ConfigService({ PAYMENTS_URL }) },
        { provide: OrderEventsPublisher, useValue: events },
        { provide: 'INVENTORY_SERVICE', useValue: inventory },
        { provide: 'CATALOG_PACKAGE', useValue: catalogClient },
      ],
    }).compile();
    service = moduleRef.get(OrdersService);
    service.onModuleInit();
  });

  afterEach(() => nock.cleanAll());

  it('marks the order as paid and publishes order.created', async () => {
    nock(PAYMENTS_URL).post('/charges').reply(201, { chargeId: 'ch_1', status: 'succeeded' });

    const result = await service.create(dto);

    expect(result.status).toBe(OrderStatus.PAID);
    expect(events.orderCreated).toHaveBeenCalledWith(order.id);
  });

  it('releases the reservation when the charge is declined', async () => {
    nock(PAYMENTS_URL)
      .post('/charges')
      .reply(201, { chargeId: 'ch_2', status: 'declined', reason: 'insufficient_funds' });

    await expect(service.create(dto)).rejects.toBeInstanceOf(UnprocessableEntityException);
    expect(inventory.emit).toHaveBeenCalledWith('inventory.release', {
      reservationId: 'res-1',
      reason: 'payment_declined',
    });
  });

  it('maps payment outages to 503', async () => {
    nock(PAYMENTS_URL).post('/charges').replyWithError('ECONNRESET');

    await expect(service.create(dto)).rejects.toBeInstanceOf(ServiceUnavailableException);
    expect(prisma.order.update).toHaveBeenLastCalledWith({
      where: { id: order.id },
      data: { status: OrderStatus.FAILED },
    });
  });

  it('keeps the nock fixture in line with the payments contract', async () => {
    nock(PAYMENTS_URL).post('/charges').reply(201, { chargeId: 'ch_3', status: 'succeeded' });

    const { data } = await axios.post(`${PAYMENTS_URL}/charges`, { orderId: order.id, amountCents: 100 });

    expect(data).toEqual({ chargeId: 'ch_3', status: 'succeeded' });
  });
});
