import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { UnitKind } from '@ledger/domain';
import {
  ACCOUNTABILITY,
  AsOf,
  Bound,
  DaySpan,
  DocReader,
  WhatIfRules,
  accountabilityKeys,
  accountabilityOf,
  caseById,
  casesOf,
  cycleAsOf,
  cycleView,
  cycleEventsOf,
  disputesOf,
  explainFromLog,
  historyOf,
  EntriesPage,
  entriesPageOf,
  panelOf,
  panelsOf,
  scoreboard,
  targetsOf,
  unitItems,
  unitScoreOf,
  unitViewOf,
  unitsView,
  whatIf,
} from '@ledger/projections';
import type { Ledger } from '../ledger';
import { cycleChangesOf } from '../analysis/cycle-changes';
import {
  checkpointKey,
  checkpointList,
  consistency,
  eventProof,
  latestCheckpoint,
} from '../audit/audit-reads';
import { LEDGER } from './ledger.token';

/** Every read the API offers: the read models, an as-of replay, the raw log and its verification. */
/** A past point (an instant or a position; the head when neither), and perhaps a business date of the year. */
export type PastPoint = AsOf & { effectiveOn?: string };

export type Read =
  | { read: 'cycle'; year: number }
  | { read: 'units' }
  | { read: 'unit'; unitId: string }
  | { read: 'scoreboard'; year: number; kind?: UnitKind; asOf?: PastPoint }
  | { read: 'unit-score'; year: number; unitId: string; asOf?: PastPoint; entries?: EntriesPage }
  | { read: 'unit-items'; year: number; unitId: string; asOf?: PastPoint }
  | { read: 'score-explanation'; year: number; unitId: string; asOf?: AsOf }
  | { read: 'accountability'; year: number; asOf?: PastPoint }
  | { read: 'what-if'; year: number; rules: WhatIfRules }
  | { read: 'changes'; year: number; from?: Bound; to?: Bound; days?: DaySpan }
  | { read: 'cases'; year: number; asOf?: PastPoint }
  | { read: 'case'; caseId: string; asOf?: PastPoint }
  | { read: 'disputes'; year: number; unitId?: string; asOf?: PastPoint }
  | { read: 'panels'; year: number; asOf?: PastPoint }
  | { read: 'panel'; year: number; panelId: string; asOf?: PastPoint }
  | { read: 'targets'; year: number; asOf?: PastPoint }
  | { read: 'history'; year: number; unitId: string; after?: string; limit?: number }
  | { read: 'events'; after?: string; limit: number }
  | { read: 'verification' }
  | { read: 'projections' }
  | { read: 'checkpoint-key' }
  | { read: 'latest-checkpoint' }
  | { read: 'checkpoints'; from: number; limit: number }
  | { read: 'consistency'; from: number; to: number }
  | { read: 'event-proof'; eventId: string; treeSize?: number };

export class ReadQuery {
  constructor(readonly query: Read) {}
}

/** Answers reads from the read models (and, for the past and the raw log, from the event store). */
@QueryHandler(ReadQuery)
export class ReadQueryHandler implements IQueryHandler<ReadQuery, unknown> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  async execute({ query }: ReadQuery): Promise<unknown> {
    const { reader, stores, projections } = this.ledger;
    switch (query.read) {
      case 'cycle':
        return cycleView(reader, query.year);
      case 'units':
        return unitsView(reader);
      case 'unit':
        return unitViewOf(reader, query.unitId);
      case 'scoreboard':
        return scoreboard(await this.readerAt(query.year, query.asOf), query.year, query.kind);
      case 'unit-score':
        return query.entries
          ? this.scoreWithEntriesPage(query.year, query.unitId, query.entries)
          : unitScoreOf(await this.readerAt(query.year, query.asOf), query.year, query.unitId);
      case 'score-explanation':
        return explainFromLog(stores.events, query.year, query.unitId, query.asOf);
      case 'unit-items':
        return unitItems(await this.readerAt(query.year, query.asOf), query.year, query.unitId);
      case 'accountability':
        return accountabilityOf(await this.readerAt(query.year, query.asOf), query.year);
      case 'what-if':
        return whatIf(query.year, await cycleEventsOf(stores.events, query.year), query.rules);
      case 'changes':
        return cycleChangesOf(this.ledger, query.year, query.from, query.to, query.days);
      case 'cases':
        return casesOf(await this.readerAt(query.year, query.asOf), query.year);
      case 'case':
        return caseById(await this.caseReaderAt(query.caseId, query.asOf), query.caseId);
      case 'disputes':
        return disputesOf(await this.readerAt(query.year, query.asOf), query.year, query.unitId);
      case 'panels':
        return panelsOf(await this.readerAt(query.year, query.asOf), query.year);
      case 'targets':
        return targetsOf(await this.readerAt(query.year, query.asOf), query.year);
      case 'panel':
        return panelOf(await this.readerAt(query.year, query.asOf), query.year, query.panelId);
      case 'history':
        return this.ledger.keys.withActorNames(
          await historyOf(reader, stores.events, query.year, query.unitId, {
            after: query.after,
            limit: query.limit,
          }),
        );
      case 'events':
        return stores.events.readAll({ after: query.after, limit: query.limit });
      case 'verification':
        return stores.events.verify();
      case 'projections':
        return projections.status();
      case 'checkpoint-key':
        return checkpointKey(this.ledger);
      case 'latest-checkpoint':
        return latestCheckpoint(this.ledger);
      case 'checkpoints':
        return checkpointList(this.ledger, query.from, query.limit);
      case 'consistency':
        return consistency(this.ledger, query.from, query.to);
      case 'event-proof':
        return eventProof(this.ledger, query.eventId, query.treeSize);
    }
  }

  /** A unit's score now with a page of its entries, and where the next page starts (`entriesNext`). */
  private async scoreWithEntriesPage(year: number, unitId: string, page: EntriesPage) {
    const { stores } = this.ledger;
    let next: number | null = null;
    const score = await unitScoreOf(this.ledger.reader, year, unitId, async () => {
      const found = await entriesPageOf(stores.readModels, stores.events, year, unitId, page);
      next = found.next;
      return found.entries;
    });
    return { ...score, entriesNext: next };
  }

  /** The read models now, or a cycle's as they stood at a past point: folded from its newest snapshot before it. */
  private async readerAt(year: number, asOf: PastPoint | undefined): Promise<DocReader> {
    if (!asOf) return this.ledger.reader;
    const { effectiveOn, ...cut } = asOf;
    return (await cycleAsOf(this.ledger.snapshots, this.ledger.stores.events, year, cut, { effectiveOn }))
      .reader;
  }

  /** A case's cycle is known from the read models (a case the log never opened is unknown at any point). */
  private async caseReaderAt(caseId: string, asOf: PastPoint | undefined): Promise<DocReader> {
    if (!asOf) return this.ledger.reader;
    const located = await this.ledger.reader.get<{ year: number }>(
      ACCOUNTABILITY,
      accountabilityKeys.caseYear(caseId),
    );
    return located ? this.readerAt(located.year, asOf) : this.ledger.reader;
  }
}
