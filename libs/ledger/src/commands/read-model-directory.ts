import { ACCOUNTABILITY, DocReader, LeaderDoc, accountabilityKeys } from '@ledger/projections';
import { LedgerDirectory } from './directories';

/**
 * The directory answered from the read models once they include everything the log held when
 * asked: a fact recorded before the command arrived is then always seen.
 */
export class ReadModelDirectory implements LedgerDirectory {
  constructor(
    private readonly reader: DocReader,
    private readonly caughtUp: () => Promise<void>,
  ) {}

  async leaderKnown(leaderId: string): Promise<boolean> {
    await this.caughtUp();
    return (
      (await this.reader.get<LeaderDoc>(ACCOUNTABILITY, accountabilityKeys.leader(leaderId))) !== undefined
    );
  }
}
