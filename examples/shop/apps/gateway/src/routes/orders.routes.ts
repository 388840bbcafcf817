import { Router } from 'express';
import { getJson, HttpClientError } from '@shop/http-client';

interface OrderLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
}

interface OrderView {
  id: string;
  customerId: string;
  status: string;
  totalCents: number;
  currency: string;
  items: OrderLine[];
  createdAt: string;
}

interface ShipmentView {
  orderId: string;
  carrier: string;
  trackingNumber: string;
  status: string;
}

export const ordersRouter = Router();

ordersRouter.get('/orders/:id', async (req, res, next) => {
  try {
    const order = await getJson<OrderView>(`${process.env.ORDERS_URL}/orders/${req.params.id}`);
    return res.json(order);
  } catch (err) {
    if (err instanceof HttpClientError && err.status === 404) {
      return res.status(404).json({ error: 'order_not_found' });
    }
    return next(err);
  }
});

ordersRouter.get('/orders/:id/shipment', async (req, res, next) => {
  try {
    const response = await fetch(`${process.env.SHIPPING_URL}/shipments/${req.params.id}`);
    const shipment = (await response.json()) as ShipmentView;
    return res.json({
      orderId: req.params.id,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      status: shipment.status,
    });
  } catch (err) {
    return next(err);
  }
});
