import axios from 'axios';

export interface FraudVerdict {
  score: number;
  decision: 'allow' | 'review' | 'deny';
  reasons: string[];
}

export const fraudClient = axios.create({
  baseURL: process.env.FRAUD_URL ?? 'http://fraud:3003',
  headers: { 'content-type': 'application/json', 'x-caller': 'payments' },
});
