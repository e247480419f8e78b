import { CanActivate, ExecutionContext, HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ApiError } from '../errors/api-error';
import { HTTP_SETTINGS } from '../http-settings.token';
import type { HttpSettings } from '../http-settings';
import { ApiKeyGuard } from './api-key.guard';

/** The name the failures are counted under in the throttler's storage. */
const FAILURES = 'failed-authentication';

/**
 * The API-key guard, with a brake on guessing: a client (by IP address, as `trust proxy`
 * tells it) whose authentication fails more than LEDGER_AUTH_FAILURE_LIMIT times within
 * LEDGER_AUTH_FAILURE_WINDOW seconds gets 429 `TOO_MANY_FAILED_LOGINS` with `Retry-After`
 * instead of 401 for as long, and each lock-out is logged. Only failures count, and a request
 * with a valid key is answered as ever, so a client's own good requests are never held back
 * by a neighbour behind the same address or by its own mistakes.
 */
@Injectable()
export class AuthenticationWithLockOut implements CanActivate {
  private readonly logger = new Logger('authentication');
  /** Until when each locked-out client is locked out: so a lock-out is logged once, when it starts. */
  private readonly lockedUntil = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeyGuard,
    private readonly failures: ThrottlerStorageService,
    @Inject(HTTP_SETTINGS) private readonly settings: HttpSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await this.keys.canActivate(context);
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() !== 401) throw error;
      const http = context.switchToHttp();
      const retryAfter = await this.failed(http.getRequest<Request>());
      if (retryAfter === null) throw error;
      http.getResponse<Response>().setHeader('Retry-After', String(retryAfter));
      const { limit, windowSeconds } = this.settings.failedAuthentication;
      throw new ApiError(
        429,
        'TOO_MANY_FAILED_LOGINS',
        `More than ${limit} requests from your address failed to authenticate within ${windowSeconds} s; try again in ${retryAfter} s. Requests with a valid key are still answered.`,
      );
    }
  }

  /** Counts a failure; the seconds the client is locked out for, or null while it is not. */
  private async failed(request: Request): Promise<number | null> {
    const { limit, windowSeconds } = this.settings.failedAuthentication;
    if (limit === 0) return null;
    const client = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const windowMs = windowSeconds * 1000;
    const counted = await this.failures.increment(client, windowMs, limit, windowMs, FAILURES);
    if (!counted.isBlocked) return null;
    const retryAfter = Math.max(1, counted.timeToBlockExpire);
    const now = Date.now();
    if ((this.lockedUntil.get(client) ?? 0) <= now) {
      for (const [other, until] of this.lockedUntil) if (until <= now) this.lockedUntil.delete(other);
      this.logger.warn({
        event: 'lock-out',
        client,
        failures: counted.totalHits,
        windowSeconds,
        lockedForSeconds: retryAfter,
        message: `${client} is locked out for ${retryAfter} s after more than ${limit} failed authentications within ${windowSeconds} s.`,
      });
    }
    this.lockedUntil.set(client, now + retryAfter * 1000);
    return retryAfter;
  }
}
