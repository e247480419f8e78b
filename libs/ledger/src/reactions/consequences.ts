import { comparePositions } from '@ledger/event-store';

const KEEP = 10_000;

const later = (a: string, b: string): string => (comparePositions(a, b) >= 0 ? a : b);

/**
 * Where the reactions to events landed in the log. For each event that caused something, in
 * the order they were reacted to, the furthest position reached by the consequences of it
 * and of every cause before it: a read that must include the consequences of everything up
 * to `p` waits for `furthestThrough(p)`. Old entries are dropped past a bound; a question
 * about them is answered with a later position, which is never too early.
 */
export class Consequences {
  private causes: string[] = [];
  private furthest: string[] = [];
  private dropped = false;

  record(cause: string, consequence: string): void {
    const last = this.causes.length - 1;
    if (last >= 0 && comparePositions(cause, this.causes[last]!) <= 0) {
      // Reacting again after a restart from a checkpoint: fold it into the latest entry.
      this.furthest[last] = later(this.furthest[last]!, consequence);
      return;
    }
    this.causes.push(cause);
    this.furthest.push(last >= 0 ? later(this.furthest[last]!, consequence) : consequence);
    if (this.causes.length > KEEP) {
      this.causes = this.causes.slice(KEEP / 2);
      this.furthest = this.furthest.slice(KEEP / 2);
      this.dropped = true;
    }
  }

  /** The furthest position reached by the consequences of any event at or before `position`; null: none known. */
  furthestThrough(position: string): string | null {
    let low = 0;
    let high = this.causes.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (comparePositions(this.causes[mid]!, position) <= 0) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found >= 0) return this.furthest[found]!;
    return this.dropped && this.furthest.length > 0 ? this.furthest[0]! : null;
  }
}
