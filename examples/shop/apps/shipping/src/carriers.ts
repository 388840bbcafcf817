import { randomBytes } from 'node:crypto';

export type Carrier = 'parcel' | 'freight';

const FREIGHT_THRESHOLD_GRAMS = 20_000;

export function pickCarrier(totalWeightGrams: number): Carrier {
  return totalWeightGrams > FREIGHT_THRESHOLD_GRAMS ? 'freight' : 'parcel';
}

export function newTrackingNumber(carrier: Carrier): string {
  const prefix = carrier === 'freight' ? 'FR' : 'PC';
  return `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;
}
