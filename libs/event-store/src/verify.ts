import { BrokenLink, StoredEvent, VerificationReport } from './event-store.port';
import { GENESIS_HASH, hashEvent } from './hash-chain';

export interface StreamHead {
  stream: string;
  revision: number;
  hash: string;
}

/**
 * Walks the log in global order, one event at a time (so a log of any size verifies in
 * constant memory per stream), checking each event's link to the one before it in its
 * stream and its own hash. A store that records stream heads passes them to `finish`, which
 * catches a stream's last events deleted or a stream that should not be there.
 */
export class ChainVerifier {
  private readonly lastOf = new Map<string, { revision: number; hash: string }>();
  private checked = 0;
  private broken: BrokenLink | undefined;

  /** Checks one event; false once a link is broken (nothing further needs reading). */
  check(event: StoredEvent): boolean {
    if (this.broken) return false;
    this.checked++;
    const last = this.lastOf.get(event.stream) ?? { revision: -1, hash: GENESIS_HASH };
    const { prevHash, hash } = event.metadata;
    if (prevHash !== last.hash) {
      this.broken = {
        stream: event.stream,
        revision: event.revision,
        expected: last.hash,
        found: String(prevHash),
      };
      return false;
    }
    const recomputed = hashEvent({
      id: event.id,
      stream: event.stream,
      revision: event.revision,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      recordedAt: event.recordedAt,
      prevHash,
    });
    if (recomputed !== hash) {
      this.broken = {
        stream: event.stream,
        revision: event.revision,
        expected: recomputed,
        found: String(hash),
      };
      return false;
    }
    this.lastOf.set(event.stream, { revision: event.revision, hash });
    return true;
  }

  finish(recordedHeads?: Iterable<StreamHead>): VerificationReport {
    if (!this.broken && recordedHeads) {
      const unmatched = new Set(this.lastOf.keys());
      for (const head of recordedHeads) {
        unmatched.delete(head.stream);
        const seen = this.lastOf.get(head.stream);
        if (!seen || seen.revision !== head.revision || seen.hash !== head.hash) {
          this.broken = {
            stream: head.stream,
            revision: head.revision,
            expected: head.hash,
            found: seen?.hash ?? 'missing',
          };
          break;
        }
      }
      const stray = [...unmatched][0];
      if (!this.broken && stray !== undefined) {
        const seen = this.lastOf.get(stray)!;
        this.broken = {
          stream: stray,
          revision: seen.revision,
          expected: 'no such stream',
          found: seen.hash,
        };
      }
    }
    return {
      ok: this.broken === undefined,
      eventsChecked: this.checked,
      streamsChecked: this.lastOf.size,
      ...(this.broken ? { firstBroken: this.broken } : {}),
    };
  }
}

/** Verifies a store by paging through its whole log. */
export const verifyByPaging = async (
  readAll: (after: string | undefined, limit: number) => Promise<StoredEvent[]>,
  heads?: () => Promise<Iterable<StreamHead>>,
  pageSize = 2000,
): Promise<VerificationReport> => {
  const verifier = new ChainVerifier();
  let after: string | undefined;
  for (;;) {
    const page = await readAll(after, pageSize);
    for (const event of page) {
      if (!verifier.check(event)) return verifier.finish();
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1]!.position;
  }
  return verifier.finish(heads ? await heads() : undefined);
};
