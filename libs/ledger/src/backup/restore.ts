import { NoteVerifier, TreeBuilder } from '@ledger/audit';
import {
  DuplicateEventIdError,
  EventStore,
  ImportChecker,
  ImportRefusedError,
  StoreNotEmptyError,
  ImportResult,
  VerificationReport,
  comparePositions,
} from '@ledger/event-store';
import { RebuildProgress, allProjections, rebuildProjections } from '@ledger/projections';
import {
  CheckpointVerification,
  CheckpointWalk,
  openSignedRoots,
  verifyCheckpoints,
} from '../audit/verify-checkpoints';
import { REACTIONS } from '../reactions/reaction-runner';
import { LedgerStores } from '../stores/ledger-stores';
import { BackupError } from './backup-format';
import { LedgerCopy } from './ledger-copy';

/** What reading a copy through found: all of it holds, or `checkCopy` would have refused it. */
export interface CopyCheck {
  events: number;
  streams: number;
  /** Signed checkpoints whose roots the copy's log reproduces. */
  checkpoints: number;
  /** How many of the copy's first events its reactions had handled. */
  reacted: number;
}

export interface RestoreReport {
  check: CopyCheck;
  imported: ImportResult;
  /** API keys added (a key already in the store is left as it is). */
  keys: number;
  checkpoints: number;
  rebuilt: RebuildProgress;
  /** The restored log, walked again as `ledger verify` walks it. */
  verified: VerificationReport;
  held: CheckpointVerification;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const clause = (text: string) => text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');

/** Refuses a store whose log holds anything: a restore or migration never merges two logs. */
export const refuseUnlessEmpty = async (events: EventStore, where: string): Promise<void> => {
  const head = await events.headPosition();
  if (head !== null)
    throw new BackupError(
      `${capital(where)} already holds events (its log ends at position ${head}); restore and migrate write only into an empty store, so nothing was changed.`,
    );
};

/**
 * Reads the copy through once, before anything is written anywhere: every event must be one
 * the store would have written (each stream's revisions in order, each link and hash holding:
 * the import's own check), and every signed checkpoint it carries must verify and be
 * reproduced by its log.
 */
export const checkCopy = async (copy: LedgerCopy, verifiers: readonly NoteVerifier[]): Promise<CopyCheck> => {
  const refuse = (reason: string): never => {
    throw new BackupError(`${capital(copy.name)} does not verify: ${clause(reason)}; nothing was restored.`);
  };
  const notes = copy.checkpoints.map((c) => ({ note: c.note, from: copy.name }));
  if (notes.length > 0 && verifiers.length === 0)
    throw new BackupError(
      `${capital(copy.name)} carries signed checkpoints and there is no key to check them with: pass --key <verifier key> (GET /api/checkpoints/key gives it), or set LEDGER_SIGNING_KEY_FILE to the ledger's signing key; nothing was restored.`,
    );
  const opened = openSignedRoots(notes, verifiers);
  if ('problem' in opened) return refuse(opened.problem);
  const walk = new CheckpointWalk(opened.roots);
  const checker = new ImportChecker();
  const streams = new Set<string>();
  let events = 0;
  let reacted = 0;
  for await (const event of copy.read()) {
    try {
      checker.check(event);
    } catch (error) {
      refuse((error as Error).message);
    }
    if (!walk.add(event.metadata.hash)) break;
    streams.add(event.stream);
    events++;
    if (copy.reactionsPosition !== null && comparePositions(event.position, copy.reactionsPosition) <= 0)
      reacted = events;
  }
  const held = walk.finish();
  if (held.problem) refuse(held.problem);
  return { events, streams: streams.size, checkpoints: held.matched, reacted };
};

/** The positions of the events at the given indexes of the log (0 is the first event). */
const positionsAt = async (events: EventStore, indexes: readonly number[]): Promise<Map<number, string>> => {
  const wanted = new Set(indexes);
  const found = new Map<number, string>();
  let index = 0;
  for (let after: string | undefined; found.size < wanted.size;) {
    const page = await events.readAll({ after, limit: 5000 });
    if (page.length === 0) break;
    for (const event of page) if (wanted.has(index++)) found.set(index - 1, event.position);
    after = page[page.length - 1]!.position;
  }
  return found;
};

export interface RestoreOptions {
  verifiers: readonly NoteVerifier[];
  /** Told of each step as it starts, for a progress line. */
  onStep?: (step: string) => void;
}

/**
 * Restores a copy that `checkCopy` found to hold into an empty store: imports its log exactly
 * as it was, adds its API keys and signed checkpoints (each pointing at the same event in this
 * store's positions), walks the restored log's chains and checkpoints again, sets the
 * reactions after the events the copy had reacted to, rebuilds every read model and builds
 * the Merkle tree. It reports success only once the restored log verifies.
 */
export const restoreChecked = async (
  copy: LedgerCopy,
  check: CopyCheck,
  stores: LedgerStores,
  where: string,
  { verifiers, onStep = () => undefined }: RestoreOptions,
): Promise<RestoreReport> => {
  await refuseUnlessEmpty(stores.events, where);
  onStep(`importing ${check.events} events into ${where}`);
  const imported = await stores.events.importEvents(copy.read()).catch((error: unknown) => {
    // Checked through already, so only a source that changed since, or a store that did, gets here.
    if (
      error instanceof StoreNotEmptyError ||
      error instanceof ImportRefusedError ||
      error instanceof DuplicateEventIdError
    )
      throw new BackupError(`${capital(where)} refused the import: ${clause(error.message)}.`);
    throw error;
  });
  const present = new Set((await stores.keys.all()).map((key) => key.keyId));
  const keys = copy.keys.filter((key) => !present.has(key.keyId));
  for (const key of keys) await stores.keys.insert(key);

  onStep('verifying the restored log');
  const verified = await stores.events.verify();
  const notes = copy.checkpoints.map((c) => ({ note: c.note, from: copy.name }));
  const held = await verifyCheckpoints(stores.events, notes, verifiers);
  const failed = !verified.ok
    ? `stream ${verified.firstBroken!.stream}, revision ${verified.firstBroken!.revision} is broken`
    : held.problem;
  if (failed || verified.eventsChecked !== check.events)
    throw new BackupError(
      `The restored log in ${where} does not verify (${failed ?? `it holds ${verified.eventsChecked} events, not ${check.events}`}); it was written, so empty that store before trying again.`,
    );

  // Positions are each store's own: a checkpoint names the last event it covers by this store's.
  const sizes = copy.checkpoints.map((c) => c.treeSize - 1).filter((index) => index >= 0);
  const positions = await positionsAt(
    stores.events,
    [...sizes, check.reacted - 1].filter((index) => index >= 0),
  );
  for (const checkpoint of copy.checkpoints)
    await stores.tree.saveCheckpoint({
      ...checkpoint,
      lastPosition: positions.get(checkpoint.treeSize - 1) ?? null,
    });
  const reactedUpTo = positions.get(check.reacted - 1);
  if (reactedUpTo !== undefined)
    await stores.readModels.write([{ projection: REACTIONS, docs: [], checkpoint: reactedUpTo, version: 1 }]);

  onStep(`rebuilding the read models from ${check.events} events`);
  const rebuilt = await rebuildProjections(stores.events, stores.readModels, allProjections);

  onStep('building the Merkle tree');
  if (imported.position !== null) {
    const tree = new TreeBuilder(stores.events, stores.tree);
    await tree.start();
    try {
      await tree.waitFor(imported.position, 10 * 60_000);
    } finally {
      await tree.stop();
    }
  }
  return {
    check,
    imported,
    keys: keys.length,
    checkpoints: copy.checkpoints.length,
    rebuilt,
    verified,
    held,
  };
};
