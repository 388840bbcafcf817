import { Router } from 'express';
import { logger } from '../lib/logger';

const CATALOG_URL = process.env.CATALOG_URL ?? 'http://catalog:3004';
const CATALOG_TIMEOUT_MS = 2000;

export interface ProductView {
  id: string;
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  weightGrams: number;
}

export const productsRouter = Router();

productsRouter.get('/products/:id', async (req, res, next) => {
  try {
    const response = await fetch(`${CATALOG_URL}/products/${encodeURIComponent(req.params.id)}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(CATALOG_TIMEOUT_MS),
    });

    if (response.status === 404) {
      return res.status(404).json({ error: 'product_not_found' });
    }
    if (!response.ok) {
      logger.error({ status: response.status, productId: req.params.id }, 'catalog returned an error');
      return res.status(502).json({ error: 'catalog_unavailable' });
    }

    const product = (await response.json()) as ProductView;
    res.setHeader('cache-control', 'public, max-age=60');
    return res.json(product);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'TimeoutError') {
      return res.status(504).json({ error: 'catalog_timeout' });
    }
    return next(err);
  }
});
