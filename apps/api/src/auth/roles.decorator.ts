import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@ledger/ledger';
import type { AuthenticatedRequest } from './api-key.guard';

export const ROLES_KEY = 'ledger:roles';
export const PUBLIC_KEY = 'ledger:public';

/** The roles that may call a route; `admin` may always. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A route anyone may call without a key (health only). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Whoever holds the key the request came with. */
export const Principal = createParamDecorator(
  (_: unknown, context: ExecutionContext) =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
