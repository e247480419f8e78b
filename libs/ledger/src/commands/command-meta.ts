import { createHash } from 'node:crypto';
import { EventMetadata, canonicalJson } from '@ledger/event-store';
import { KeyedAnswer, answerKey } from './stream-cache';

/** Who issues a command and in what request: copied onto every event it records. */
export interface CommandMeta {
  actor: { id: string; role: string; name?: string };
  correlationId: string;
  causationId?: string | null;
  idempotencyKey?: string | null;
  /** Overrides the reason taken from the command itself (its reason, basis or grounds). */
  reason?: string | null;
}

/** What a command answers: the events it recorded, the stream's version after them, and the log position. */
export interface CommandResult {
  stream: string;
  eventIds: string[];
  streamVersion: number;
  position: string | null;
}

const reasonIn = (data: unknown): string | null => {
  const fields = data as { reason?: unknown; basis?: unknown; grounds?: unknown };
  const reason = fields.reason ?? fields.basis ?? fields.grounds;
  return typeof reason === 'string' ? reason : null;
};

/** A retry under the same idempotency key that asks for something else than the first request. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  readonly code = 'IDEMPOTENCY_KEY_REUSED';

  constructor(readonly idempotencyKey: string) {
    super(
      `Idempotency key "${idempotencyKey}" was already used for another request; use a new key for a new request.`,
    );
  }
}

export const requestHashOf = (command: unknown): string =>
  createHash('sha256').update(canonicalJson(command)).digest('hex');

export const metadataFor = (meta: CommandMeta, command: { data: unknown }): EventMetadata => ({
  actor: meta.actor,
  reason: meta.reason ?? reasonIn(command.data),
  idempotencyKey: meta.idempotencyKey ?? null,
  requestHash: meta.idempotencyKey ? requestHashOf(command) : null,
  correlationId: meta.correlationId,
  causationId: meta.causationId ?? null,
});

/**
 * The answer a command already got, when its stream holds events recorded under the same
 * actor and idempotency key: a retry is answered from the log, so it holds across restarts.
 */
export const priorAnswer = (
  stream: string,
  answers: ReadonlyMap<string, KeyedAnswer>,
  meta: CommandMeta,
  command: unknown,
): CommandResult | undefined => {
  const key = meta.idempotencyKey;
  const found = key ? answers.get(answerKey(meta.actor.id, key)) : undefined;
  if (!found) return undefined;
  if (found.requestHash !== requestHashOf(command)) throw new IdempotencyKeyReusedError(key!);
  return { stream, eventIds: found.eventIds, streamVersion: found.streamVersion, position: found.position };
};
