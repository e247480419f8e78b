import { hashToHex, inclusionProof } from '@ledger/audit';
import type { Ledger } from '../ledger';
import { AuditReadError } from './audit-reads';

/** What proves one recorded event is in the signed log: its leaf, the tree it is in, the path, the signed note. */
export interface Receipt {
  eventId: string;
  leafIndex: number;
  treeSize: number;
  auditPath: string[];
  note: string;
}

/**
 * Receipts for the events a command recorded: a checkpoint covering the command's position is
 * signed (waiting for the tree to include it, 5 s at most), and each event's audit path in that
 * tree is given with the note, so the client holds proof of what was recorded.
 */
export const receiptsFor = async (
  ledger: Ledger,
  eventIds: readonly string[],
  position: string,
): Promise<Receipt[]> => {
  if (!ledger.checkpoints) {
    throw new AuditReadError(
      404,
      'NO_CHECKPOINTER',
      'This process signs no checkpoints, so it can give no receipts.',
    );
  }
  const checkpoint = await ledger.checkpoints.issue({ covering: position, timeoutMs: 5000 });
  return Promise.all(
    eventIds.map(async (eventId) => {
      const leafIndex = await ledger.stores.tree.leafIndexOf(eventId);
      if (leafIndex === null)
        throw new AuditReadError(404, 'UNKNOWN_EVENT', `No event "${eventId}" is in the tree.`);
      const auditPath = await inclusionProof(leafIndex, checkpoint.treeSize, ledger.stores.tree);
      return {
        eventId,
        leafIndex,
        treeSize: checkpoint.treeSize,
        auditPath: auditPath.map(hashToHex),
        note: checkpoint.note,
      };
    }),
  );
};
