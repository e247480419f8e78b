import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signCheckpoint } from '../checkpoint';
import { hashToHex } from '../merkle-hash';
import { Ed25519SigningKey } from '../signing-key';
import { TreeBuilder } from './tree-builder';
import { StoredCheckpoint, TreeStore } from './tree-store';

export interface CheckpointerOptions {
  /** The log's identity, the checkpoint's first line: the signing key's name. */
  origin: string;
  /** How often, while the tree grows, a checkpoint is issued. */
  everyMs: number;
  /** Where a copy of every checkpoint is written, outside the database; none when absent. */
  directory?: string;
  /** A witness that is sent every checkpoint (POST, text/plain); none when absent. */
  witnessUrl?: string;
  onWitnessFailure?: (error: Error) => void;
}

const WITNESS_TRIES = 3;

/**
 * Issues signed tree heads: every `everyMs` while the log grows, when asked (a cycle's close
 * seals its year, `ledger checkpoint`), each kept in the store, written to a directory and
 * sent to a witness, so copies exist that whoever runs the database cannot rewrite.
 */
export class Checkpointer {
  private timer: NodeJS.Timeout | undefined;
  private issuing: Promise<unknown> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    private readonly builder: TreeBuilder,
    private readonly store: TreeStore,
    private readonly signer: Ed25519SigningKey,
    private readonly options: CheckpointerOptions,
  ) {}

  get lastError(): Error | undefined {
    return this.failure;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.issueIfGrown(), this.options.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.issuing.catch(() => undefined);
  }

  private async issueIfGrown(): Promise<void> {
    try {
      const latest = await this.store.latestCheckpoint();
      if (this.builder.current.size > (latest?.treeSize ?? 0)) await this.issue();
      this.failure = undefined;
    } catch (error) {
      this.failure = error as Error;
    }
  }

  /** A checkpoint of the tree as it stands (after it includes `position`, when given). */
  issue(
    options: { covering?: string; extensions?: string[]; timeoutMs?: number } = {},
  ): Promise<StoredCheckpoint> {
    // One at a time, so checkpoints are stored and written in the order of their sizes.
    const issued = this.issuing
      .catch(() => undefined)
      .then(async () => {
        if (options.covering) await this.builder.waitFor(options.covering, options.timeoutMs);
        const { size, root, position } = this.builder.current;
        const note = signCheckpoint(
          {
            origin: this.options.origin,
            treeSize: size,
            rootHash: root,
            extensions: options.extensions ?? [],
          },
          this.signer,
        );
        const checkpoint: StoredCheckpoint = {
          treeSize: size,
          rootHash: hashToHex(root),
          lastPosition: position,
          issuedAt: new Date().toISOString(),
          note,
        };
        await this.store.saveCheckpoint(checkpoint);
        this.writeFiles(checkpoint);
        void this.sendToWitness(note);
        return checkpoint;
      });
    this.issuing = issued;
    return issued;
  }

  /** `<size>.checkpoint` (the latest of that size) and `latest`, each written whole then renamed into place. */
  private writeFiles(checkpoint: StoredCheckpoint): void {
    const { directory } = this.options;
    if (!directory) return;
    // Owner only, like everything in the data directory: copies go out by the operator's hand.
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const put = (name: string) => {
      const temporary = join(directory, `.${name}.${process.pid}.tmp`);
      writeFileSync(temporary, checkpoint.note, { mode: 0o600 });
      renameSync(temporary, join(directory, name));
    };
    put(`${checkpoint.treeSize}.checkpoint`);
    put('latest');
  }

  /** A witness that is down never holds up the ledger: a few tries, then a report. */
  private async sendToWitness(note: string): Promise<void> {
    const { witnessUrl, onWitnessFailure } = this.options;
    if (!witnessUrl) return;
    let lastError: Error | undefined;
    for (let attempt = 1; attempt <= WITNESS_TRIES; attempt++) {
      try {
        const response = await fetch(witnessUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
          body: note,
          signal: AbortSignal.timeout(5000),
        });
        if (response.ok) return;
        lastError = new Error(`the witness at ${witnessUrl} answered ${response.status}`);
      } catch (error) {
        lastError = error as Error;
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
    // Reported, not kept as the checkpointer's failure: a witness that is down must not make the ledger unready.
    onWitnessFailure?.(lastError!);
  }
}
