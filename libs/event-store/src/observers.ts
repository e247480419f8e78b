/**
 * Listeners a component tells what it did (a commit, a command), for metrics kept outside it.
 * A listener that throws is its own problem: the component carries on as if it were not there.
 */
export class Observers<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Adds a listener; the function returned removes it. */
  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many listen now: a listener that outlived its purpose is a leak, and this shows it. */
  get size(): number {
    return this.listeners.size;
  }

  notify(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch {
        // Counting must never fail what was counted.
      }
    }
  }
}
