import { StoredCheckpoint, consistencyProof, formatKeyId, hashToHex, inclusionProof } from '@ledger/audit';
import type { Ledger } from '../ledger';

/** An audit read that cannot be answered as asked: an HTTP status, a stable code and a sentence. */
export class AuditReadError extends Error {
  override readonly name = 'AuditReadError';

  constructor(
    readonly status: 400 | 404,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What verifies this ledger's checkpoints: publish `verifierKey`. */
export const checkpointKey = (ledger: Ledger) => {
  const key = ledger.signingKey();
  return {
    name: key.name,
    keyId: formatKeyId(key.keyId),
    publicKey: key.publicKey.toString('base64'),
    verifierKey: key.verifierKey,
  };
};

export const latestCheckpoint = async (ledger: Ledger): Promise<StoredCheckpoint> => {
  const latest = await ledger.stores.tree.latestCheckpoint();
  if (!latest)
    throw new AuditReadError(
      404,
      'NO_CHECKPOINT',
      'No checkpoint has been signed yet; the first follows the first events.',
    );
  return latest;
};

export const checkpointList = (ledger: Ledger, from: number, limit: number): Promise<StoredCheckpoint[]> =>
  ledger.stores.tree.checkpoints(from, limit);

const checkSize = (name: string, size: number, treeSize: number): void => {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new AuditReadError(
      400,
      'INVALID_TREE_SIZE',
      `${name} must be a whole number of leaves, 0 or more.`,
    );
  }
  if (size > treeSize) {
    throw new AuditReadError(
      404,
      'TREE_SIZE_UNKNOWN',
      `${name} is ${size}, but the tree has ${treeSize} leaves so far.`,
    );
  }
};

/** RFC 9162 consistency proof between two tree sizes, hex. */
export const consistency = async (ledger: Ledger, from: number, to: number) => {
  const { size } = await ledger.stores.tree.state();
  checkSize('from', from, size);
  checkSize('to', to, size);
  if (from > to)
    throw new AuditReadError(400, 'INVALID_TREE_SIZE', `from (${from}) must not be larger than to (${to}).`);
  const proof = await consistencyProof(from, to, ledger.stores.tree);
  return { from, to, proof: proof.map(hashToHex) };
};

/** An event's leaf and audit path in the tree of a signed checkpoint: the latest, or the one of `treeSize` leaves. */
export const eventProof = async (ledger: Ledger, eventId: string, treeSize?: number) => {
  const { tree } = ledger.stores;
  const leafIndex = await tree.leafIndexOf(eventId);
  if (leafIndex === null) {
    throw new AuditReadError(404, 'UNKNOWN_EVENT', `No event "${eventId}" is in the tree (yet).`);
  }
  const checkpoint =
    treeSize === undefined
      ? await latestCheckpoint(ledger)
      : (await tree.checkpoints(treeSize, 1)).find((c) => c.treeSize === treeSize);
  if (!checkpoint)
    throw new AuditReadError(404, 'NO_CHECKPOINT', `No checkpoint of ${treeSize} leaves was signed.`);
  if (leafIndex >= checkpoint.treeSize) {
    throw new AuditReadError(
      404,
      'NOT_YET_CHECKPOINTED',
      `Event "${eventId}" is leaf ${leafIndex}; the checkpoint has ${checkpoint.treeSize} leaves. Ask again after the next checkpoint.`,
    );
  }
  const auditPath = await inclusionProof(leafIndex, checkpoint.treeSize, tree);
  return {
    eventId,
    leafIndex,
    leafHash: hashToHex(await tree.perfect(0, leafIndex)),
    treeSize: checkpoint.treeSize,
    auditPath: auditPath.map(hashToHex),
    checkpoint,
  };
};
