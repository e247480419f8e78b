import { comparePositions } from './position';

/** A follower of the log did not reach a position in time. */
export class PositionTimeoutError extends Error {
  override readonly name = 'PositionTimeoutError';
}

interface Waiter {
  position: string;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Callers waiting for a follower of the log (projections, reactions) to reach a position:
 * each is woken once the follower says it got there, or fails after its timeout.
 */
export class PositionWaiters {
  private waiting: Waiter[] = [];

  /** Resolves once `reached` is told a position at or past `position`; `current` is where the follower is now. */
  waitFor(position: string, current: string | null, timeoutMs: number, what = 'the log'): Promise<void> {
    if (current !== null && comparePositions(current, position) >= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== waiter);
        reject(
          new PositionTimeoutError(`${what} did not reach position ${position} within ${timeoutMs} ms.`),
        );
      }, timeoutMs);
      this.waiting.push(waiter);
    });
  }

  /** The follower is at `position`: wakes everyone waiting for it or for less. */
  reached(position: string | null): void {
    if (position === null || this.waiting.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of this.waiting) {
      if (comparePositions(position, waiter.position) >= 0) waiter.resolve();
      else still.push(waiter);
    }
    this.waiting = still;
  }

  failAll(error: Error): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const waiter of waiting) waiter.reject(error);
  }
}
