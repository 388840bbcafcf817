import type { FromSchema } from 'json-schema-to-ts';

export const chargeBodySchema = {
  type: 'object',
  required: ['orderId', 'customerId', 'amountCents', 'currency', 'paymentMethodId'],
  additionalProperties: false,
  properties: {
    orderId: { type: 'string', format: 'uuid' },
    customerId: { type: 'string', minLength: 1 },
    amountCents: { type: 'integer', minimum: 1 },
    currency: { type: 'string', minLength: 3, maxLength: 3 },
    paymentMethodId: { type: 'string', pattern: '^pm_' },
  },
} as const;

export type ChargeBody = FromSchema<typeof chargeBodySchema>;

export const refundBodySchema = {
  type: 'object',
  required: ['orderId', 'amountCents', 'reason'],
  additionalProperties: false,
  properties: {
    orderId: { type: 'string', format: 'uuid' },
    amountCents: { type: 'integer', minimum: 1 },
    reason: { type: 'string', enum: ['customer_cancelled', 'out_of_stock', 'goodwill'] },
  },
} as const;

export type RefundBody = FromSchema<typeof refundBodySchema>;

export const historyParamsSchema = {
  type: 'object',
  required: ['customerId'],
  properties: {
    customerId: { type: 'string', minLength: 1 },
  },
} as const;

export type HistoryParams = FromSchema<typeof historyParamsSchema>;
