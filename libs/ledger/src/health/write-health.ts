import { storeFailureOf } from '@ledger/event-store';

export interface WriteStatus {
  ok: boolean;
  /** STORAGE_FULL or STORE_UNAVAILABLE while writes fail. */
  code?: string;
  message?: string;
  /** When writes started failing. */
  since?: string;
}

/**
 * Whether the store takes writes, as the last write found: set by every append and by a probe
 * while writes fail, so health reports a full disk when reads still work, and its recovery.
 */
export class WriteHealth {
  private status: WriteStatus = { ok: true };

  /** A write succeeded, or failed with `error`; errors that are not the store's state (a conflict, a refusal) say nothing. */
  record(error?: unknown): void {
    if (error === undefined) {
      this.status = { ok: true };
      return;
    }
    const failure = storeFailureOf(error);
    if (!failure) return;
    this.status = {
      ok: false,
      code: failure.code,
      message: failure.message,
      since: this.status.ok ? new Date().toISOString() : this.status.since,
    };
  }

  get current(): WriteStatus {
    return this.status;
  }
}
