import { comparePositions } from '@ledger/event-store';

const KEEP = 10_000;

const later = (a: string, b: string): string => (comparePositions(a, b) >= 0 ? a : b);

/**
 * Where the reactions to events landed in the log: for each event that caused something, in
 * the order they were reacted to, the positions of what it caused. Old entries are dropped
 * past a bound; their consequences were folded long ago.
 */
export class Consequences {
  private causes: string[] = [];
  private caused: string[][] = [];
  /** The furthest consequence of any cause up to each entry: where a backward scan may stop. */
  private furthest: string[] = [];
  private readonly indexOf = new Map<string, number>();

  record(cause: string, consequence: string): void {
    const last = this.causes.length - 1;
    const known = this.indexOf.get(cause);
    if (known !== undefined) {
      // Reacting again (after a restart from a checkpoint): the same cause, maybe more found.
      this.caused[known]!.push(consequence);
      for (let i = known; i <= last; i++) this.furthest[i] = later(this.furthest[i]!, consequence);
      return;
    }
    this.indexOf.set(cause, this.causes.length);
    this.causes.push(cause);
    this.caused.push([consequence]);
    this.furthest.push(last >= 0 ? later(this.furthest[last]!, consequence) : consequence);
    if (this.causes.length > KEEP) this.dropOldest(KEEP / 2);
  }

  /**
   * What the events up to `position` caused that lies after it: the consequences a read at
   * `position` must also wait for. Unrelated later causes are not included.
   */
  causedBeyond(position: string): string[] {
    const found: string[] = [];
    for (let i = this.lastAtOrBefore(position); i >= 0; i--) {
      if (comparePositions(this.furthest[i]!, position) <= 0) break;
      for (const consequence of this.caused[i]!) {
        if (comparePositions(consequence, position) > 0) found.push(consequence);
      }
    }
    return found;
  }

  /** What the event at `position` itself caused. */
  causedBy(position: string): readonly string[] {
    const index = this.indexOf.get(position);
    return index === undefined ? [] : this.caused[index]!;
  }

  private lastAtOrBefore(position: string): number {
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
    return found;
  }

  private dropOldest(count: number): void {
    this.causes = this.causes.slice(count);
    this.caused = this.caused.slice(count);
    this.furthest = this.furthest.slice(count);
    this.indexOf.clear();
    this.causes.forEach((cause, i) => this.indexOf.set(cause, i));
  }
}
