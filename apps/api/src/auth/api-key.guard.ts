import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Ledger, Principal, Role } from '@ledger/ledger';
import { ApiError } from '../errors/api-error';
import { LEDGER } from '@ledger/ledger/nest';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

export type AuthenticatedRequest = Request & { principal: Principal };

/** The key a request presents: the scheme is case-insensitive (RFC 9110 11.1); the credentials are one token, nothing after it. */
export const presentedKey = (request: Request): string | undefined =>
  /^bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')?.[1];

/**
 * Every route but health needs `Authorization: Bearer <key>`: 401 without a valid key (a revoked
 * or expired one says so: KEY_REVOKED, KEY_EXPIRED), 403 for
 * a role the route does not admit, and 403 for a unit-leader key on a route naming another unit.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(LEDGER) private readonly ledger: Ledger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = presentedKey(request);
    if (!key) {
      throw new ApiError(401, 'UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>".');
    }
    const verification = await this.ledger.keys.verify(key);
    if (!verification.ok) throw new ApiError(401, verification.code, verification.message);
    const { principal } = verification;
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (principal.role !== 'admin' && !allowed.includes(principal.role)) {
      throw new ApiError(
        403,
        'FORBIDDEN',
        `The ${principal.role} role may not do this; it is for ${['admin', ...allowed].join(', ')}.`,
      );
    }
    const unitId = (request.params as Record<string, string | undefined>).unitId;
    if (principal.role === 'unit-leader' && unitId !== undefined && unitId !== principal.unitId) {
      throw new ApiError(403, 'FORBIDDEN', `This key may only read unit "${principal.unitId}".`);
    }
    return true;
  }
}
