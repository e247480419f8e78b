import { randomUUID } from 'node:crypto';
import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Gives every request an id (the client's `X-Request-Id`, or a new one), echoes it, and logs
 * one JSON line per request when it ends. Commands carry the id as their correlation id.
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('http');

  use(request: Request, response: Response, next: NextFunction): void {
    const given = request.headers['x-request-id'];
    const requestId =
      typeof given === 'string' && given.length > 0 && given.length <= 200 ? given : randomUUID();
    request.headers['x-request-id'] = requestId;
    response.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      this.logger.log({
        requestId,
        method: request.method,
        path: request.originalUrl.split('?')[0],
        status: response.statusCode,
        ms: Math.round(ms * 10) / 10,
      });
    });
    next();
  }
}
