import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Every answer says: do not guess its type (nosniff), never show it in a frame, load nothing
 * (the API answers JSON; the dashboard and the docs set what they need), no referrer, HSTS.
 * Express's X-Powered-By is removed. Helmet's defaults, with its CSP made to fit an API.
 */
export const securityHeaders = (): RequestHandler =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
        'frame-ancestors': ["'none'"],
      },
    },
    // What frame-ancestors 'none' says, for browsers that know only this header.
    frameguard: { action: 'deny' },
  });

/**
 * Swagger UI at /api/docs: its scripts and stylesheet come from the server, but it writes
 * styles inline (its page's <style> blocks, attributes its code sets) and draws icons from
 * data: URLs; it fetches the OpenAPI document. Nothing else, and never in a frame.
 */
export const docsContentSecurityPolicy = (): RequestHandler =>
  helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  });
