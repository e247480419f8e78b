import { DisputeTarget, streams } from '@ledger/domain';
import { EventStore } from '@ledger/event-store';
import {
  ACCOUNTABILITY,
  CaseDoc,
  DISPUTES,
  DocReader,
  LeaderDoc,
  TargetDoc,
  accountabilityKeys,
  disputeKeys,
} from '@ledger/projections';
import { LedgerDirectory } from './directories';

/** The directory answered from the read models (and, for sanctions, the cases' own streams). */
export class ReadModelDirectory implements LedgerDirectory {
  constructor(
    private readonly reader: DocReader,
    private readonly events: EventStore,
  ) {}

  async leaderKnown(leaderId: string): Promise<boolean> {
    return (
      (await this.reader.get<LeaderDoc>(ACCOUNTABILITY, accountabilityKeys.leader(leaderId))) !== undefined
    );
  }

  async sanctionTarget(year: number, unitId: string, eventId: string): Promise<DisputeTarget | null> {
    const cases = await this.reader.list<CaseDoc>(ACCOUNTABILITY, accountabilityKeys.caseScope(year));
    for (const c of cases.filter((candidate) => candidate.unitId === unitId)) {
      const events = await this.events.readStream(streams.case(c.caseId));
      if (events.some((event) => event.type === 'SanctionImposed' && event.id === eventId)) {
        return { kind: 'sanction', eventId, year, unitId, caseId: c.caseId };
      }
    }
    return null;
  }

  async caseOfRuling(rulingId: string): Promise<string | null> {
    return (
      (await this.reader.get<{ caseId: string }>(DISPUTES, disputeKeys.rulingCase(rulingId)))?.caseId ?? null
    );
  }

  async openDisputeOn(eventId: string): Promise<boolean> {
    return (
      ((await this.reader.get<TargetDoc>(DISPUTES, disputeKeys.target(eventId)))?.openDisputeId ?? null) !==
      null
    );
  }
}
