export interface ScoreRequest {
  orderId: string;
  customerId: string;
  amountCents: number;
  currency: string;
}

export interface PaymentHistoryEntry {
  amountCents: number;
  currency: string;
  status: 'SUCCEEDED' | 'DECLINED' | 'REFUNDED';
  createdAt: string;
}

export interface Verdict {
  score: number;
  decision: 'allow' | 'review' | 'deny';
  reasons: string[];
}

const HIGH_AMOUNT_CENTS = 100_000;
const VELOCITY_WINDOW_MS = 60 * 60 * 1000;

/** Pure scoring rules; a score >= 0.8 denies, >= 0.5 asks for manual review. */
export function scoreTransaction(request: ScoreRequest, history: PaymentHistoryEntry[] | undefined): Verdict {
  const reasons: string[] = [];
  let score = 0;

  if (request.amountCents >= HIGH_AMOUNT_CENTS) {
    score += 0.4;
    reasons.push('high_amount');
  }

  if (history === undefined) {
    // Without history we cannot tell a regular from a new customer: stay cautious.
    score += 0.3;
    reasons.push('history_unavailable');
  } else {
    if (history.length === 0) {
      score += 0.2;
      reasons.push('first_purchase');
    }
    const now = Date.now();
    const recent = history.filter((entry) => now - Date.parse(entry.createdAt) < VELOCITY_WINDOW_MS);
    if (recent.length >= 5) {
      score += 0.4;
      reasons.push('velocity');
    }
    if (history.filter((entry) => entry.status === 'DECLINED').length >= 3) {
      score += 0.3;
      reasons.push('repeated_declines');
    }
  }

  const bounded = Math.min(1, Number(score.toFixed(2)));
  const decision = bounded >= 0.8 ? 'deny' : bounded >= 0.5 ? 'review' : 'allow';
  return { score: bounded, decision, reasons };
}
