import { Router } from 'express';
import { prisma } from './prisma';

export const shipmentsRouter = Router();

shipmentsRouter.get('/shipments/backlog', async (_req, res, next) => {
  try {
    const paidOrders = await prisma.order.findMany({
      where: { status: 'PAID' },
      orderBy: { createdAt: 'asc' },
      select: { id: true, customerId: true, totalCents: true, createdAt: true },
      take: 100,
    });
    res.json({ count: paidOrders.length, orders: paidOrders });
  } catch (err) {
    next(err);
  }
});

shipmentsRouter.get('/shipments/:orderId', async (req, res, next) => {
  try {
    const shipment = await prisma.shipment.findUnique({ where: { orderId: req.params.orderId } });
    if (!shipment) {
      res.status(404).json({ error: 'shipment_not_found' });
      return;
    }
    res.json({
      orderId: shipment.orderId,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      status: shipment.status,
    });
  } catch (err) {
    next(err);
  }
});
