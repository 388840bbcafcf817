import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { fraudClient, type FraudVerdict } from '../clients/fraud.client';
import { prisma } from '../db';
import { publishPaymentCompleted, publishPaymentFailed } from '../events';
import { chargeBodySchema, refundBodySchema, type ChargeBody, type RefundBody } from '../schemas';

export async function chargeRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.post<{ Body: ChargeBody }>('/charges', { schema: { body: chargeBodySchema } }, async (request, reply) => {
    const { orderId, customerId, amountCents, currency, paymentMethodId } = request.body;

    const existing = await prisma.charge.findUnique({ where: { orderId } });
    if (existing) {
      return reply.code(409).send({ error: 'already_charged', chargeId: existing.id });
    }

    const { data: verdict } = await fraudClient.post<FraudVerdict>('/score', {
      orderId,
      customerId,
      amountCents,
      currency,
    });

    if (verdict.decision === 'deny') {
      const declined = await prisma.charge.create({
        data: {
          orderId,
          customerId,
          amountCents,
          currency,
          status: 'DECLINED',
          declineReason: 'fraud_suspected',
          fraudScore: verdict.score,
        },
      });
      await publishPaymentFailed({ chargeId: declined.id, orderId, customerId, reason: 'fraud_suspected' });
      request.log.warn({ orderId, reasons: verdict.reasons }, 'charge declined by fraud check');
      return reply.code(201).send({ chargeId: declined.id, status: 'declined', reason: 'fraud_suspected' });
    }

    // Card authorisation is simulated in this environment; the PSP reference is generated locally.
    const pspReference = `psp_${paymentMethodId.slice(3, 9)}_${randomUUID().slice(0, 8)}`;
    const charge = await prisma.charge.create({
      data: { orderId, customerId, amountCents, currency, status: 'SUCCEEDED', fraudScore: verdict.score },
    });
    await publishPaymentCompleted({ chargeId: charge.id, orderId, customerId, amountCents, currency });
    request.log.info({ orderId, chargeId: charge.id, pspReference }, 'charge succeeded');

    return reply.code(201).send({ chargeId: charge.id, status: 'succeeded' });
  });

  fastify.post<{ Body: RefundBody }>('/refunds', { schema: { body: refundBodySchema } }, async (request, reply) => {
    const { orderId, amountCents, reason } = request.body;

    const charge = await prisma.charge.findUnique({ where: { orderId } });
    if (!charge || charge.status !== 'SUCCEEDED') {
      return reply.code(404).send({ error: 'refundable_charge_not_found' });
    }
    if (amountCents > charge.amountCents) {
      return reply.code(422).send({ error: 'refund_exceeds_charge' });
    }

    const refunded = await prisma.charge.update({
      where: { id: charge.id },
      data: { status: 'REFUNDED', refundedAt: new Date() },
    });
    request.log.info({ orderId, chargeId: charge.id, reason }, 'charge refunded');
    return reply.send({ chargeId: refunded.id, status: 'refunded' });
  });
}
