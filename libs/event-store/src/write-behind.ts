/**
 * Writes a follower's pending work one write at a time: `now()` queues a write behind the one
 * under way (a failed write never stops the ones after it), and `soon()` asks for one once the
 * events at hand are taken in (after this turn of the event loop), so a caught-up follower
 * commits at once while a busy one writes in batches.
 */
export class WriteBehind {
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(
    private readonly write: () => Promise<void>,
    /** A write asked for with `soon()` failed: nobody awaits it, so it is reported here. */
    private readonly onLateFailure: (error: Error) => void,
  ) {}

  now(): Promise<void> {
    this.chain = this.chain.catch(() => undefined).then(() => this.write());
    return this.chain;
  }

  soon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.now().catch((error: unknown) => this.onLateFailure(error as Error));
    });
  }

  /** Resolves once every write asked for so far has settled, however it went. */
  settled(): Promise<void> {
    return this.chain.catch(() => undefined);
  }
}
