import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { CommandMeta } from '@ledger/ledger';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { ApiError } from '../errors/api-error';

/** What a command route takes from the request besides its body: who, which version, which key. */
export interface CommandRequest {
  meta: CommandMeta;
  /** From `If-Match`: the stream version the client read; a stale one is refused. */
  expectedVersion?: number;
  /**
   * An id for what the command creates (a score entry, a ruling, a dispute). Under an
   * idempotency key it is derived from the key, so a retry names the same thing.
   */
  newId(): string;
}

const MAX_KEY_LENGTH = 200;

const expectedVersionOf = (ifMatch: string | string[] | undefined): number | undefined => {
  if (ifMatch === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(ifMatch).trim());
  if (!match)
    throw new ApiError(400, 'INVALID_IF_MATCH', 'If-Match must be a stream version in quotes, such as "3".');
  return Number(match[1]);
};

const idempotencyKeyOf = (header: string | string[] | undefined): string | null => {
  if (header === undefined) return null;
  const key = String(header);
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new ApiError(
      400,
      'INVALID_IDEMPOTENCY_KEY',
      `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters.`,
    );
  }
  return key;
};

/** A UUID-shaped id that is the same for the same actor and idempotency key. */
const derivedId = (actorId: string, key: string): string => {
  const hex = createHash('sha256').update(`${actorId}\n${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export const commandRequestOf = (request: AuthenticatedRequest): CommandRequest => {
  const { keyId, role, name } = request.principal;
  // The holder's name as it stands now goes on the record: the key's row may outlive the person.
  const actor = { id: keyId, role, name };
  const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
  return {
    // requestIds (observability/request-id.ts) gave every request its id (the client's, checked, or a new one).
    meta: { actor, correlationId: String(request.headers['x-request-id']), idempotencyKey },
    expectedVersion: expectedVersionOf(request.headers['if-match']),
    newId: () => (idempotencyKey ? derivedId(actor.id, idempotencyKey) : randomUUID()),
  };
};

/** The command context of the request: `@Issued() command: CommandRequest`. */
export const Issued = createParamDecorator((_: unknown, context: ExecutionContext) =>
  commandRequestOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
