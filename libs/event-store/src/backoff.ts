/**
 * Waits between attempts at something that failed, longer each time up to a cap, so a
 * follower of the log retries a store that went away without spinning, and is back within
 * seconds of its return.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly firstMs = 100,
    private readonly capMs = 2000,
  ) {}

  /** How long the next wait will be. */
  get nextMs(): number {
    return Math.min(this.capMs, this.firstMs * 2 ** this.attempt);
  }

  wait(): Promise<void> {
    const ms = this.nextMs;
    this.attempt = Math.min(this.attempt + 1, 30);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  reset(): void {
    this.attempt = 0;
  }

  /** Runs `work` until it succeeds or `keepTrying` says stop, waiting between failures, each told to `onFailure`. */
  async retry(
    work: () => Promise<void>,
    keepTrying: () => boolean,
    onFailure: (error: Error) => void,
  ): Promise<void> {
    while (keepTrying()) {
      try {
        await work();
        return;
      } catch (error) {
        onFailure(error as Error);
        await this.wait();
      }
    }
  }
}
