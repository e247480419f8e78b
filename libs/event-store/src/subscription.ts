import { StoredEvent, Subscription } from './event-store.port';

/** Wakes whoever waits for news of the log: appends in this process call `notify`. */
export class Wakeup {
  private waiters: (() => void)[] = [];
  /** Counts notifications, so a reader can tell whether any came since it last read. */
  private notified = 0;

  get version(): number {
    return this.notified;
  }

  notify(): void {
    this.notified++;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  /**
   * Resolves at the next notification, or after `ms` at the latest (news from other
   * processes); at once if a notification came after `since` (a `version` read earlier), so
   * news that arrived while the reader was busy is not slept through.
   */
  wait(ms: number, since = this.notified): { promise: Promise<void>; cancel: () => void } {
    if (since !== this.notified) return { promise: Promise.resolve(), cancel: () => undefined };
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => (wake = resolve));
    const timer = setTimeout(wake, ms);
    this.waiters.push(wake);
    const cancel = () => {
      clearTimeout(timer);
      wake();
    };
    void promise.then(() => clearTimeout(timer));
    return { promise, cancel };
  }
}

/**
 * A catch-up subscription over any store that can page its log: read batches after the
 * last position seen; once caught up, wait to be woken (or poll) and read again. Reading in
 * position order after the last position is what guarantees no event is skipped or repeated,
 * given a store whose positions become visible in order.
 */
export const pagingSubscription = (
  read: (after: string | undefined, limit: number) => Promise<StoredEvent[]>,
  wakeup: Wakeup,
  options: { after?: string; batchSize?: number; pollIntervalMs?: number } = {},
): Subscription => {
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  let closed = false;
  let cancelWait: (() => void) | undefined;

  async function* events(): AsyncGenerator<StoredEvent> {
    let after = options.after;
    while (!closed) {
      const seen = wakeup.version;
      const batch = await read(after, batchSize);
      for (const event of batch) {
        if (closed) return;
        yield event;
        after = event.position;
      }
      if (batch.length < batchSize && !closed) {
        const waiting = wakeup.wait(pollIntervalMs, seen);
        cancelWait = waiting.cancel;
        await waiting.promise;
      }
    }
  }

  return {
    [Symbol.asyncIterator]: events,
    close: async () => {
      closed = true;
      cancelWait?.();
    },
  };
};
