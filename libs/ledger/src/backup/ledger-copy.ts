import { StoredCheckpoint } from '@ledger/audit';
import { comparePositions } from '@ledger/event-store';
import { StoreKind } from '../config/ledger-config';
import { StoredKey } from '../keys/api-keys';
import { REACTIONS } from '../reactions/reaction-runner';
import { LedgerStores } from '../stores/ledger-stores';
import { storedCheckpoints } from '../audit/stored-checkpoints';
import { BackedUpEvent } from './backup-format';

/**
 * A ledger as a backup or a migration carries it: the log up to a fixed head, the API keys
 * (hashes only), the signed checkpoints of that log, and how far its reactions had got. The
 * read models and the Merkle tree are not carried: a restore rebuilds them from the log.
 */
export interface LedgerCopy {
  /** What it is, for messages: "the backup 2007.ndjson", "the SQLite ledger data/ledger.db". */
  name: string;
  store: StoreKind;
  logName: string | null;
  /** How many events it holds, where that is known before they are read. */
  events: number | null;
  headPosition: string | null;
  keys: StoredKey[];
  checkpoints: StoredCheckpoint[];
  reactionsPosition: string | null;
  verifierKey: string | null;
  /** The events in log order, read afresh at each call (a restore reads them twice). */
  read(): AsyncIterable<BackedUpEvent>;
  close(): Promise<void>;
}

const PAGE = 2000;

/**
 * A consistent copy of a live ledger, taken while it runs: the head is fixed first, and only
 * events up to it are read. Every store gives positions in commit order and never shows an
 * event below one a reader has passed (docs/architecture.md), so the events up to the head are
 * exactly the log as it stood then, whatever is appended meanwhile. Checkpoints are kept if
 * they sign no event past the head; keys and the reactions' progress are read at the start.
 */
export const snapshotOf = async (
  stores: LedgerStores,
  about: {
    name: string;
    store: StoreKind;
    logName: string | null;
    verifierKey: string | null;
    close?: () => Promise<void>;
  },
): Promise<LedgerCopy> => {
  const headPosition = await stores.events.headPosition();
  const covered = (position: string | null) =>
    position === null || (headPosition !== null && comparePositions(position, headPosition) <= 0);
  const checkpoints = (await storedCheckpoints(stores.tree)).filter((c) => covered(c.lastPosition));
  const keys = await stores.keys.all();
  const reactions = (await stores.readModels.checkpoints()).find((c) => c.projection === REACTIONS);
  const reactionsPosition =
    reactions?.position == null || headPosition === null
      ? null
      : covered(reactions.position)
        ? reactions.position
        : headPosition;
  return {
    ...about,
    events: null,
    headPosition,
    keys,
    checkpoints,
    reactionsPosition,
    read: () => eventsUpTo(stores, headPosition),
    close: about.close ?? (async () => undefined),
  };
};

async function* eventsUpTo(stores: LedgerStores, head: string | null): AsyncGenerator<BackedUpEvent> {
  if (head === null) return;
  for (let after: string | undefined; ;) {
    const page = await stores.events.readAll({ after, limit: PAGE });
    for (const event of page) {
      if (comparePositions(event.position, head) > 0) return;
      yield event;
    }
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.position;
  }
}
