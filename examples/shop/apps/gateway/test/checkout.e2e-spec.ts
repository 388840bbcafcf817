import axios from 'axios';

/**
 * Runs against a live stack (`docker compose up`), so it talks to the real
 * gateway on localhost:3000 and peeks at orders directly on localhost:3001.
 */
const GATEWAY_URL = process.env.E2E_GATEWAY_URL ?? 'http://localhost:3000';
const ORDERS_URL = process.env.E2E_ORDERS_URL ?? 'http://localhost:3001/api';

const validCheckout = {
  customerId: 'cus_e2e_001',
  paymentMethodId: 'pm_card_visa',
  items: [{ productId: 'prod-espresso-beans', quantity: 2 }],
  shippingAddress: { line1: '1 Test Street', city: 'Berlin', postalCode: '10115', country: 'DE' },
};

describe('POST /api/checkout (e2e)', () => {
  it('creates a paid order and exposes it through the gateway', async () => {
    const created = await axios.post(`${GATEWAY_URL}/api/checkout`, validCheckout);
    expect(created.status).toBe(201);
    expect(created.data.status).toBe('PAID');

    const viaGateway = await fetch(`${GATEWAY_URL}/api/orders/${created.data.id}`);
    expect(viaGateway.ok).toBe(true);

    const direct = await axios.get(`${ORDERS_URL}/orders/${created.data.id}`);
    expect(direct.data.totalCents).toBe(created.data.totalCents);
  });

  it('rejects an invalid payload before calling orders', async () => {
    const response = await fetch(`${GATEWAY_URL}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...validCheckout, items: [] }),
    });
    expect(response.status).toBe(400);
  });

  it('returns 404 for an unknown product', async () => {
    const response = await fetch(`${GATEWAY_URL}/api/products/does-not-exist`);
    expect(response.status).toBe(404);
  });
});
