import axios from 'axios';
import { Router } from 'express';
import { z } from 'zod';
import { scoreTransaction, type PaymentHistoryEntry } from './rules';

const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'http://payments:3002';
const HISTORY_TIMEOUT_MS = 1500;

const scoreRequestSchema = z.object({
  orderId: z.string().uuid(),
  customerId: z.string().min(1),
  amountCents: z.number().int().positive(),
  currency: z.string().length(3),
});

interface HistoryResponse {
  customerId: string;
  charges: PaymentHistoryEntry[];
}

export const scoreRouter = Router();

scoreRouter.post('/score', async (req, res) => {
  const parsed = scoreRequestSchema.safeParse(req.body);
  if (!parsed.success) {
    return res.status(400).json({ error: 'invalid_request', issues: parsed.error.issues });
  }
  const request = parsed.data;

  let history: PaymentHistoryEntry[] | undefined;
  try {
    const { data } = await axios.get<HistoryResponse>(`${PAYMENTS_URL}/payments/${request.customerId}/history`, {
      timeout: HISTORY_TIMEOUT_MS,
    });
    history = data.charges;
  } catch (err) {
    const reason = axios.isAxiosError(err) ? (err.code ?? err.message) : String(err);
    console.warn(`[fraud] payment history unavailable for ${request.customerId}: ${reason}`);
  }

  const verdict = scoreTransaction(request, history);
  return res.json(verdict);
});
