import type { FastifyInstance } from 'fastify';
import { prisma } from '../db';
import { historyParamsSchema, type HistoryParams } from '../schemas';

const HISTORY_WINDOW_DAYS = 90;

export async function historyRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get<{ Params: HistoryParams }>(
    '/payments/:customerId/history',
    { schema: { params: historyParamsSchema } },
    async (request) => {
      const since = new Date(Date.now() - HISTORY_WINDOW_DAYS * 24 * 60 * 60 * 1000);
      const charges = await prisma.charge.findMany({
        where: { customerId: request.params.customerId, createdAt: { gte: since } },
        orderBy: { createdAt: 'desc' },
        take: 50,
      });

      return {
        customerId: request.params.customerId,
        charges: charges.map((charge) => ({
          amountCents: charge.amountCents,
          currency: charge.currency,
          status: charge.status,
          createdAt: charge.createdAt.toISOString(),
        })),
      };
    },
  );
}
