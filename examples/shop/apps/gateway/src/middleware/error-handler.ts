import { isAxiosError } from 'axios';
import type { NextFunction, Request, Response } from 'express';
import { HttpClientError } from '@shop/http-client';
import { logger } from '../lib/logger';

export function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const requestId = res.locals.requestId as string | undefined;

  if (isAxiosError(err) && err.response) {
    // Pass client errors from downstream services through, hide everything else.
    const status = err.response.status;
    if (status >= 400 && status < 500) {
      res.status(status).json({ error: 'upstream_rejected', details: err.response.data, requestId });
      return;
    }
    logger.error({ err: err.message, status, url: err.config?.url, requestId }, 'upstream failure');
    res.status(502).json({ error: 'bad_gateway', requestId });
    return;
  }

  if (err instanceof HttpClientError) {
    logger.error({ err: err.message, status: err.status, url: err.url, requestId }, 'upstream failure');
    res.status(502).json({ error: 'bad_gateway', requestId });
    return;
  }

  logger.error({ err, requestId }, 'unhandled error');
  res.status(500).json({ error: 'internal_error', requestId });
}
