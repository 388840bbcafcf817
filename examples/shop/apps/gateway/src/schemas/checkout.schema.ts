import { z } from 'zod';

export const checkoutItemSchema = z.object({
  productId: z.string().min(1),
  quantity: z.number().int().positive().max(50),
});

export const checkoutSchema = z.object({
  customerId: z.string().min(1),
  paymentMethodId: z.string().startsWith('pm_'),
  items: z.array(checkoutItemSchema).min(1).max(20),
  shippingAddress: z.object({
    line1: z.string().min(1),
    city: z.string().min(1),
    postalCode: z.string().min(3).max(10),
    country: z.string().length(2),
  }),
});

export type CheckoutRequest = z.infer<typeof checkoutSchema>;
