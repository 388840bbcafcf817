import { logger } from './logger';

export type Template =
  'order-received' | 'payment-confirmed' | 'payment-failed' | 'shipment-update' | 'low-stock-alert';

const SUBJECTS: Record<Template, string> = {
  'order-received': 'We received your order',
  'payment-confirmed': 'Payment confirmed',
  'payment-failed': 'There was a problem with your payment',
  'shipment-update': 'Your order is on its way',
  'low-stock-alert': '[ops] Low stock',
};

/**
 * Renders a notification and hands it to the configured driver. Only the
 * `log` driver exists in this environment; production swaps in the ESP driver.
 */
export async function deliver(recipient: string, template: Template, vars: Record<string, unknown>): Promise<void> {
  const rendered = {
    recipient,
    subject: SUBJECTS[template],
    body: Object.entries(vars)
      .map(([key, value]) => `${key}: ${String(value)}`)
      .join('\n'),
  };
  logger.info({ template, ...rendered }, 'notification delivered');
}
