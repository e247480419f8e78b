import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

const MAX_LENGTH = 200;

/** The request's id and, when it is traced, its trace's id: what its log line carries. */
export interface IdentifiedRequest extends Request {
  traceId?: string;
}

/**
 * Gives every request its id before anything else sees it: the client's `X-Request-Id` (up to
 * 200 characters) or a new UUID, echoed in the answer. Commands record it as their correlation
 * id (commands/command-request.ts reads the header back); traces carry it as an attribute of
 * their server span (apps/cli/src/tracing.ts), and the trace's id goes in the request's log line.
 */
export const requestIds = () => (request: IdentifiedRequest, response: Response, next: NextFunction) => {
  const given = request.headers['x-request-id'];
  const requestId =
    typeof given === 'string' && given.length > 0 && given.length <= MAX_LENGTH ? given : randomUUID();
  request.headers['x-request-id'] = requestId;
  response.setHeader('X-Request-Id', requestId);
  const span = trace.getActiveSpan();
  if (span) request.traceId = span.spanContext().traceId;
  next();
};
