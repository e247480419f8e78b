import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerService } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { LogLevel } from '../http-settings';
import type { IdentifiedRequest } from './request-id';

/**
 * The server's logs: JSON lines on stdout, the level by name, an ISO time, and in a traced
 * request the ids of its trace and span, so a line leads to its trace.
 */
export const serverLog = (level: LogLevel): Logger =>
  pino({
    level,
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const context = trace.getActiveSpan()?.spanContext();
      return context && isSpanContextValid(context)
        ? { traceId: context.traceId, spanId: context.spanId }
        : {};
    },
  });

/** Nest's own start-up chatter (modules loaded, every route mapped): for debugging, not for every start. */
const START_UP = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Nest's logger calls (`new Logger('context').warn(...)`) as lines of the server's log. */
export class NestLog implements LoggerService {
  constructor(private readonly lines: Logger) {}

  log(message: unknown, ...rest: unknown[]) {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    this.write(context && START_UP.has(context) ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  /** Nest passes the context last, and for errors a stack before it. */
  private write(level: pino.Level, message: unknown, rest: unknown[]) {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields = { ...(context ? { context } : {}), ...(stack ? { stack } : {}) };
    if (message instanceof Error) this.lines[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.lines[level]({ ...fields, ...message });
    else this.lines[level](fields, String(message));
  }
}

const pathOf = (request: IncomingMessage) =>
  ((request as IdentifiedRequest).originalUrl ?? request.url ?? '').split('?')[0];

/**
 * The one line logged when a request ends: what it asked, the status, the milliseconds, and its
 * trace; its `requestId` (set by requestIds) is bound to the line by pino-http (genReqId).
 */
const requestLine = (request: IncomingMessage, response: ServerResponse, value: Record<string, unknown>) => {
  const { traceId } = request as IdentifiedRequest;
  return {
    method: request.method,
    path: pathOf(request),
    status: response.statusCode,
    ms: value.ms,
    ...(traceId ? { traceId } : {}),
  };
};

/** One JSON line per request, at `error` for a 5xx; never headers, so never a key. */
export const requestLog = (log: Logger) =>
  pinoHttp({
    logger: log,
    genReqId: (request) => String(request.headers['x-request-id']),
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'ms' },
    customLogLevel: (_, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: requestLine,
    customErrorObject: (request, response, _, value) => requestLine(request, response, value),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
  });
