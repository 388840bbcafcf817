import express from 'express';
import helmet from 'helmet';
import { logger } from './lib/logger';
import { errorHandler } from './middleware/error-handler';
import { requestId } from './middleware/request-id';
import { checkoutRouter } from './routes/checkout.routes';
import { ordersRouter } from './routes/orders.routes';
import { productsRouter } from './routes/products.routes';

const app = express();

app.disable('x-powered-by');
app.use(helmet());
app.use(express.json({ limit: '100kb' }));
app.use(requestId);

app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});

app.use('/api', checkoutRouter);
app.use('/api', productsRouter);
app.use('/api', ordersRouter);

app.use(errorHandler);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => {
  logger.info({ port }, 'gateway listening');
});
