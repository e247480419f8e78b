/**
 * Passes values on at most once per `intervalMs`: the first at once, and those that come
 * sooner are held, only the latest of them passed when the interval is up. A burst of moves
 * of the log costs a client a few events, and the last one it gets is always the newest.
 */
export class Coalescer<T> {
  private held: { value: T } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private passedAt = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly pass: (value: T) => void,
  ) {}

  push(value: T): void {
    this.held = { value };
    if (this.timer) return;
    const wait = this.passedAt + this.intervalMs - Date.now();
    if (wait <= 0) this.passHeld();
    else this.timer = setTimeout(() => this.passHeld(), wait);
  }

  /** Drops what is held and lets go of the timer. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.held = undefined;
  }

  private passHeld(): void {
    this.timer = undefined;
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.passedAt = Date.now();
    this.pass(held.value);
  }
}
