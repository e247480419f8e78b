import { EventMetadata } from '@ledger/event-store';

/** Who issues a command and in what request: copied onto every event it records. */
export interface CommandMeta {
  actor: { id: string; role: string };
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

export const metadataFor = (meta: CommandMeta, commandData: unknown): EventMetadata => ({
  actor: meta.actor,
  reason: meta.reason ?? reasonIn(commandData),
  idempotencyKey: meta.idempotencyKey ?? null,
  correlationId: meta.correlationId,
  causationId: meta.causationId ?? null,
});
