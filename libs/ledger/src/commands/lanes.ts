/**
 * Work queued by key: work on one key runs one at a time, in the order it came; work on
 * different keys runs side by side. Commands on one stream take turns in a process, so they
 * decide on each other's events instead of racing to append and retrying.
 */
export class Lanes {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
