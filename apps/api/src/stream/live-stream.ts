import type { Observers } from '@ledger/event-store';
import type { Verification } from '@ledger/ledger';
import { Coalescer } from './coalescer';

/** Where a live stream writes its text: in the server, an HTTP response. */
export interface StreamSink {
  write(text: string): void;
  end(): void;
}

/** What a live stream follows: the read models of this process, and the key it was opened with. */
export interface StreamSource {
  /** Where the read models stand: every query reflects the log up to here; null before any. */
  readModels: { readonly position: string | null; readonly moved: Observers<string> };
  /** The key the stream was opened with, checked again. */
  verify(): Promise<Verification>;
  /** When that key expires, as its check said; null for never. */
  expiresAt: string | null;
}

export interface StreamTiming {
  /** A comment line this often keeps proxies from closing a quiet stream, and has the key checked again. */
  heartbeatMs: number;
  /** At most one `moved` per this long to a client. */
  coalesceMs: number;
  /**
   * After the log moved, when to check the key again: a revocation is itself an event of the log,
   * and past the key check's memory (ApiKeys.recheckMs) one made by any process is seen.
   */
  keyRecheckAfterMoveMs: number;
}

export const STREAM_TIMING: Omit<StreamTiming, 'keyRecheckAfterMoveMs'> = {
  heartbeatMs: 15_000,
  coalesceMs: 200,
};

/** setTimeout fires at once for anything longer (2^31 - 1 ms, about 24.8 days). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * One client's server-sent events (GET /api/stream): `hello` with the position the read models
 * stand at, then `moved` whenever they move, coalesced; a `: keep-alive` comment on every
 * heartbeat. The key is checked again on each heartbeat, after the log moved, and at its
 * expiry; once it no longer holds, a `refused` event says why (the API's refusal shape) and the
 * stream ends. Everything it holds (its listener, its timers) goes when it closes.
 */
export class LiveStream {
  private closed = false;
  private stopListening: (() => unknown) | undefined;
  private readonly moves: Coalescer<string>;
  private heartbeat: NodeJS.Timeout | undefined;
  private expiry: NodeJS.Timeout | undefined;
  private pendingRecheck: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: StreamSink,
    private readonly source: StreamSource,
    private readonly timing: StreamTiming,
  ) {
    this.moves = new Coalescer(timing.coalesceMs, (position) => this.send('moved', { position }));
  }

  open(): void {
    this.send('hello', { position: this.source.readModels.position });
    this.stopListening = this.source.readModels.moved.add((position) => this.moved(position));
    this.heartbeat = setInterval(() => {
      this.sink.write(': keep-alive\n\n');
      void this.recheck();
    }, this.timing.heartbeatMs);
    const { expiresAt } = this.source;
    const untilExpiry = expiresAt === null ? Infinity : Date.parse(expiresAt) - Date.now();
    // Beyond a timer's reach, the heartbeats see the expiry instead. A timer may fire a
    // millisecond early by the wall clock, when the key still holds: hence the margin.
    if (untilExpiry <= LONGEST_TIMER_MS)
      this.expiry = setTimeout(() => void this.recheck(), Math.max(0, untilExpiry) + 10);
  }

  /** Lets go of everything the stream holds; the client is gone, or the stream ended. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopListening?.();
    this.moves.stop();
    clearInterval(this.heartbeat);
    clearTimeout(this.expiry);
    clearTimeout(this.pendingRecheck);
  }

  private moved(position: string): void {
    this.moves.push(position);
    this.pendingRecheck ??= setTimeout(() => {
      this.pendingRecheck = undefined;
      void this.recheck();
    }, this.timing.keyRecheckAfterMoveMs);
  }

  private async recheck(): Promise<void> {
    if (this.closed) return;
    let verification: Verification;
    try {
      verification = await this.source.verify();
    } catch {
      // The store is away: the stream waits it out, as the read models do, and asks again later.
      return;
    }
    if (verification.ok || this.closed) return;
    const { code, message } = verification;
    this.send('refused', { statusCode: 401, code, message });
    this.close();
    this.sink.end();
  }

  private send(name: string, data: unknown): void {
    if (!this.closed) this.sink.write(event(name, data));
  }
}
