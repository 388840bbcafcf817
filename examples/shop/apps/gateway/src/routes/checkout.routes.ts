import { Router } from 'express';
import axios from 'axios';
import { logger } from '../lib/logger';
import { redis } from '../lib/redis';
import { checkoutSchema } from '../schemas/checkout.schema';

interface CreatedOrder {
  id: string;
  status: 'PENDING' | 'PAID' | 'FAILED';
  totalCents: number;
  currency: string;
}

export const checkoutRouter = Router();

checkoutRouter.post('/checkout', async (req, res, next) => {
  const parsed = checkoutSchema.safeParse(req.body);
  if (!parsed.success) {
    return res.status(400).json({ error: 'invalid_request', issues: parsed.error.issues });
  }
  const checkout = parsed.data;

  try {
    const { data: order } = await axios.post<CreatedOrder>(`${process.env.ORDERS_URL}/orders`, {
      customerId: checkout.customerId,
      paymentMethodId: checkout.paymentMethodId,
      items: checkout.items,
      shippingAddress: checkout.shippingAddress,
    });

    const notification = { customerId: checkout.customerId, template: 'order-received', orderId: order.id };
    await redis.publish('customer.notify', JSON.stringify(notification));

    // Analytics are best effort: never awaited, failures are only logged.
    void fetch(`${process.env.NOTIFICATIONS_URL}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'checkout.completed', orderId: order.id, at: new Date().toISOString() }),
      signal: AbortSignal.timeout(1000),
    }).catch((err: unknown) => logger.warn({ err }, 'analytics tracking failed'));

    logger.info({ orderId: order.id, requestId: res.locals.requestId }, 'checkout completed');
    return res.status(201).json(order);
  } catch (err) {
    return next(err);
  }
});
