import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '@ledger/domain';
import {
  DuplicateEventIdError,
  StorageFullError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
  storeFailureOf,
} from '@ledger/event-store';
import { AuditReadError, IdempotencyKeyReusedError, KeyAlreadyIssuedError } from '@ledger/ledger';
import { ProjectionLaggingError } from '@ledger/projections';

/** How long a client should wait before retrying a 503: a store restart or a lagging read model. */
const RETRY_AFTER_SECONDS = 5;

const STATUS_OF_KIND = { 'not-found': 404, conflict: 409, rule: 422 } as const;

const CODE_OF_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

interface Refusal {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

/** The one place where anything thrown becomes an HTTP answer in the shape of docs/api.md. */
@Catch()
export class LedgerExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('LedgerExceptionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const refusal = this.refusalOf(error);
    const response = host.switchToHttp().getResponse<Response>();
    if (refusal.statusCode === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(refusal.statusCode).json(refusal);
  }

  private refusalOf(error: unknown): Refusal {
    if (error instanceof DomainError) {
      return {
        statusCode: STATUS_OF_KIND[error.kind],
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
      };
    }
    if (error instanceof WrongExpectedRevisionError) {
      return {
        statusCode: 409,
        code: 'VERSION_CONFLICT',
        message: `${error.message} Read it again and retry.`,
        details: { expected: error.expected, actual: error.actual },
      };
    }
    if (error instanceof DuplicateEventIdError) {
      return {
        statusCode: 409,
        code: 'DUPLICATE_EVENT_ID',
        message: `${error.message} Nothing was recorded.`,
        details: { eventId: error.eventId },
      };
    }
    if (error instanceof AuditReadError)
      return { statusCode: error.status, code: error.code, message: error.message };
    if (error instanceof KeyAlreadyIssuedError)
      return { statusCode: 409, code: error.code, message: error.message, details: { keyId: error.keyId } };
    if (error instanceof IdempotencyKeyReusedError)
      return { statusCode: 422, code: error.code, message: error.message };
    if (error instanceof ProjectionLaggingError)
      return { statusCode: 503, code: 'PROJECTION_LAGGING', message: error.message };
    const failure = storeFailureOf(error);
    if (failure instanceof StoreUnavailableError) {
      this.logger.warn(failure.message);
      return {
        statusCode: 503,
        code: 'STORE_UNAVAILABLE',
        message: `The ledger's store cannot be reached just now; nothing was recorded unless an answer said so. Try again in a few seconds.`,
      };
    }
    if (failure instanceof StorageFullError) {
      this.logger.warn(failure.message);
      return {
        statusCode: 507,
        code: 'STORAGE_FULL',
        message: `The ledger's store takes no more writes (it is full or read-only); nothing was recorded. Reads still work.`,
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      if (typeof body === 'object' && body !== null && 'code' in body) return body as Refusal;
      if (status === 400 && /JSON/i.test(error.message)) {
        return { statusCode: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' };
      }
      const message =
        typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? error.message);
      return {
        statusCode: status,
        code: CODE_OF_STATUS[status] ?? `HTTP_${status}`,
        message: String(message),
      };
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return {
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on our side; nothing you sent was recorded unless an answer said so.',
    };
  }
}
