import { Backoff } from './backoff';
import { EventStore, StoredEvent, Subscription } from './event-store.port';

/**
 * Follows the log from its head at `start()` on, telling `onEvent` of every event any process
 * appends, and nothing of what was there before. A store that goes away is waited out; the
 * tail resumes after the last event it told of. Keeps no checkpoint: for what lives and dies
 * with the process (counters for metrics).
 */
export class LogTail {
  private subscription: Subscription | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private last: string | undefined;
  private readonly backoff = new Backoff();

  constructor(
    private readonly events: EventStore,
    private readonly onEvent: (event: StoredEvent) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.follow();
  }

  private async follow(): Promise<void> {
    await this.backoff.retry(
      async () => {
        this.last = (await this.events.headPosition()) ?? undefined;
      },
      () => this.running,
      () => undefined,
    );
    while (this.running) {
      this.subscription = this.events.subscribeAll({ after: this.last, batchSize: 500 });
      try {
        for await (const event of this.subscription) {
          this.last = event.position;
          this.backoff.reset();
          this.onEvent(event);
        }
      } catch {
        await this.subscription.close();
        if (this.running) await this.backoff.wait();
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.subscription?.close();
    await this.loop;
  }
}
