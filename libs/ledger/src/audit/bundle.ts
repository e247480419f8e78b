import {
  NoteVerifier,
  consistencyProof,
  eventLeafHash,
  hashFromHex,
  hashToHex,
  inclusionProof,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
} from '@ledger/audit';
import { ChainVerifier, StoredEvent, comparePositions } from '@ledger/event-store';
import {
  FoldSession,
  ScoreboardRow,
  accountabilityOf,
  allProjections,
  memoryReader,
  scoreboard,
} from '@ledger/projections';
import type { LeaderAccountability } from '@ledger/domain';
import type { Ledger } from '../ledger';

/** The format's name and version, the bundle's first field: docs/audit.md describes it. */
export const BUNDLE_FORMAT = 'appraisal-ledger/bundle/v1';

/** One event of the bundle: as stored, with its leaf index and audit path in the bundle's checkpoint. */
export type BundledEvent = StoredEvent & { leafIndex: number; auditPath: string[] };

/** Everything an outside auditor needs to check a cycle's record with no server and no database. */
export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  year: number;
  /** The key the checkpoint is signed with (check it against one published elsewhere). */
  verifierKey: string;
  /** The signed checkpoint every event's audit path leads to. */
  checkpoint: string;
  /** Proofs that each earlier checkpoint the ledger signed is a prefix of this one: for an auditor holding one. */
  consistency: { from: number; proof: string[] }[];
  /** Every stream the cycle's scores and accountability depend on, whole, in log order. */
  events: BundledEvent[];
  /** As the ledger computed them: verification recomputes both from the events. */
  scoreboard: ScoreboardRow[];
  accountability: LeaderAccountability[];
}

const PAGE = 5000;

/** The streams a cycle's record is made of: its cycle, every unit, its scorecards and cases, its panels and disputes. */
const belongsTo = (year: number, stream: string, first: StoredEvent): boolean => {
  if (stream === `cycle-${year}` || stream.startsWith('unit-')) return true;
  if (stream.startsWith(`scorecard-${year}-`) || stream.startsWith(`case-${year}-`)) return true;
  if (stream.startsWith('panel-') || stream.startsWith('disputes-')) {
    return (first.data as { year?: unknown }).year === year;
  }
  return false;
};

/** Signs a checkpoint of the whole log, then gathers the cycle's streams with their proofs against it. */
export const exportBundle = async (ledger: Ledger, year: number): Promise<Bundle> => {
  const checkpoint = await ledger.checkpointNow();
  const { tree } = ledger.stores;
  const byStream = new Map<string, StoredEvent[]>();
  for (let after: string | undefined; ;) {
    const page = await ledger.stores.events.readAll({ after, limit: PAGE });
    if (page.length === 0) break;
    for (const event of page) {
      const stream = byStream.get(event.stream);
      if (stream) stream.push(event);
      else byStream.set(event.stream, [event]);
    }
    after = page[page.length - 1]!.position;
  }
  const included = [...byStream.entries()]
    .filter(([stream, events]) => belongsTo(year, stream, events[0]!))
    .flatMap(([, events]) => events)
    .filter(
      (event) =>
        checkpoint.lastPosition !== null && comparePositions(event.position, checkpoint.lastPosition) <= 0,
    )
    .sort((a, b) => comparePositions(a.position, b.position));
  const events: BundledEvent[] = [];
  for (const event of included) {
    const leafIndex = (await tree.leafIndexOf(event.id))!;
    const path = await inclusionProof(leafIndex, checkpoint.treeSize, tree);
    events.push({ ...event, leafIndex, auditPath: path.map(hashToHex) });
  }
  const earlier = [...new Set((await tree.checkpoints(0, 10_000)).map((c) => c.treeSize))].filter(
    (size) => size < checkpoint.treeSize,
  );
  const consistency = await Promise.all(
    earlier.map(async (from) => ({
      from,
      proof: (await consistencyProof(from, checkpoint.treeSize, tree)).map(hashToHex),
    })),
  );
  return {
    format: BUNDLE_FORMAT,
    year,
    verifierKey: ledger.signingKey().verifierKey,
    checkpoint: checkpoint.note,
    consistency,
    events,
    ...(await standingOf(year, events)),
  };
};

/** The cycle's scoreboard and accountability as the ledger's own projections fold them from these events. */
const standingOf = async (year: number, events: readonly StoredEvent[]) => {
  const session = new FoldSession(allProjections, async () => new Map());
  await session.apply([...events]);
  const reader = memoryReader(new Map(allProjections.map((p) => [p.name, session.docsOf(p.name)])));
  return { scoreboard: await scoreboard(reader, year), accountability: await accountabilityOf(reader, year) };
};

export interface BundleVerification {
  /** The first thing that does not hold, in one sentence; absent when all holds. */
  problem?: string;
  /** The key came from the bundle itself, not from the auditor. */
  keyFromBundle: boolean;
  events: number;
  treeSize: number;
  /** Recomputed from the events with the ledger's own folds. */
  scoreboard: ScoreboardRow[];
  accountability: LeaderAccountability[];
}

const fail = (problem: string, base: Partial<BundleVerification> = {}): BundleVerification => ({
  keyFromBundle: false,
  events: 0,
  treeSize: 0,
  scoreboard: [],
  accountability: [],
  ...base,
  problem,
});

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Checks a bundle with nothing but itself (and what the auditor trusts): the checkpoint's
 * signature, every stream's hash chain, every event's audit path to the signed root, the
 * consistency of a trusted older checkpoint, and the scoreboard and accountability recomputed
 * from the events with the ledger's own folds against those the bundle claims.
 */
export const verifyBundle = async (
  text: string,
  trust: { verifierKey?: string; trustedCheckpoint?: string } = {},
): Promise<BundleVerification> => {
  let bundle: Bundle;
  try {
    bundle = JSON.parse(text) as Bundle;
  } catch {
    return fail('the bundle is not JSON');
  }
  if (bundle?.format !== BUNDLE_FORMAT) return fail(`the bundle is not in the ${BUNDLE_FORMAT} format`);
  const malformed =
    !Array.isArray(bundle.events) ||
    !Array.isArray(bundle.consistency) ||
    typeof bundle.checkpoint !== 'string';
  if (malformed)
    return fail('the bundle is malformed: it lacks its events, consistency proofs or checkpoint');
  const keyFromBundle = trust.verifierKey === undefined;
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(trust.verifierKey ?? bundle.verifierKey);
  } catch (error) {
    return fail(`the verifier key is not usable: ${(error as Error).message}`, { keyFromBundle });
  }
  let treeSize: number;
  let root: Uint8Array;
  try {
    ({ treeSize, rootHash: root } = openCheckpoint(bundle.checkpoint, [verifier]).checkpoint);
  } catch (error) {
    return fail(`the bundle's checkpoint does not verify: ${(error as Error).message}`, { keyFromBundle });
  }
  const base = { keyFromBundle, events: bundle.events.length, treeSize };
  const chains = new ChainVerifier();
  for (const event of bundle.events) {
    if (!chains.check(event)) {
      const broken = chains.finish().firstBroken!;
      return fail(`the hash chain of stream ${broken.stream} breaks at revision ${broken.revision}`, base);
    }
    const path = event.auditPath.map(hashFromHex);
    if (!verifyInclusion(eventLeafHash(event.metadata.hash), event.leafIndex, treeSize, path, root)) {
      return fail(
        `event ${event.id} (leaf ${event.leafIndex}) is not in the signed tree of ${treeSize} events`,
        base,
      );
    }
  }
  if (trust.trustedCheckpoint !== undefined) {
    let old: { treeSize: number; rootHash: Uint8Array };
    try {
      old = openCheckpoint(trust.trustedCheckpoint, [verifier]).checkpoint;
    } catch (error) {
      return fail(`the trusted checkpoint does not verify: ${(error as Error).message}`, base);
    }
    const proof =
      old.treeSize === treeSize ? [] : bundle.consistency.find((c) => c.from === old.treeSize)?.proof;
    if (!proof || !verifyConsistency(old.treeSize, treeSize, old.rootHash, root, proof.map(hashFromHex))) {
      return fail(
        `the bundle's tree of ${treeSize} events does not extend the trusted checkpoint of ${old.treeSize}: the record was rewritten since`,
        base,
      );
    }
  }
  const recomputed = await standingOf(bundle.year, bundle.events);
  const result = { ...base, ...recomputed };
  if (!same(recomputed.scoreboard, bundle.scoreboard))
    return { ...result, problem: "the bundle's scoreboard is not the one its events give" };
  if (!same(recomputed.accountability, bundle.accountability)) {
    return { ...result, problem: "the bundle's accountability is not the one its events give" };
  }
  return result;
};
