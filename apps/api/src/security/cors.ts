import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** What a page elsewhere may send and read, for the origins allowed. */
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'If-Match',
  'Prefer',
  'X-Request-Id',
];
const EXPOSED_HEADERS = ['ETag', 'Retry-After', 'X-Request-Id'];

/**
 * Closed unless LEDGER_CORS_ORIGINS names origins: a browser's preflight from any other origin
 * is refused with 403 `CORS_ORIGIN_REFUSED` (the browser then sends nothing), and no answer
 * carries CORS headers for it. The dashboard is served from the API's own origin and needs none.
 */
export const applyCorsPolicy = (app: INestApplication, origins: string[]): void => {
  const allowed = new Set(origins);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const origin = request.headers.origin;
    const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'];
    if (!preflight || origin === undefined || allowed.has(origin)) return next();
    response.status(403).json({
      statusCode: 403,
      code: 'CORS_ORIGIN_REFUSED',
      message: `Pages from ${origin} may not call this API; LEDGER_CORS_ORIGINS lists the origins that may.`,
    });
  });
  if (allowed.size === 0) return;
  app.enableCors({
    origin: [...allowed],
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
};
