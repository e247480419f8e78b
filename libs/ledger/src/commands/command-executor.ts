import { randomUUID } from 'node:crypto';
import {
  AppraisalCommand,
  AppraisalEvent,
  CaseCommand,
  CycleCommand,
  Decider,
  DisputeCommand,
  DisputeTarget,
  DomainError,
  Message,
  PanelCommand,
  ScorecardCommand,
  UnitCommand,
  caseDecider,
  cycleDecider,
  disputeDecider,
  panelDecider,
  scorecardDecider,
  streams,
  unitDecider,
} from '@ledger/domain';
import { DuplicateEventIdError, EventStore, NewEvent, WrongExpectedRevisionError } from '@ledger/event-store';
import {
  CommandMeta,
  CommandResult,
  IdempotencyKeyReusedError,
  metadataFor,
  priorAnswer,
} from './command-meta';
import { Lanes } from './lanes';
import { KeyedAnswer, LoadedStream, StreamCache } from './stream-cache';
import { LedgerDirectory } from './directories';

const AGGREGATE_OF: Record<
  AppraisalCommand['type'],
  'cycle' | 'unit' | 'scorecard' | 'case' | 'dispute' | 'panel'
> = {
  OpenCycle: 'cycle',
  AmendPolicy: 'cycle',
  DefineItem: 'cycle',
  ChangeItemTrack: 'cycle',
  ChangeTargetThreshold: 'cycle',
  WithdrawItem: 'cycle',
  SetLeaderBonusBase: 'cycle',
  CloseCycle: 'cycle',
  RegisterUnit: 'unit',
  AppointLeader: 'unit',
  DepartLeader: 'unit',
  AwardPoints: 'scorecard',
  DeductPoints: 'scorecard',
  ReportMetric: 'scorecard',
  RuleBasicRequirement: 'scorecard',
  ReverseEntry: 'scorecard',
  SetAsideRuling: 'scorecard',
  OpenCase: 'case',
  ImposeSanction: 'case',
  LiftSanction: 'case',
  WithdrawCase: 'case',
  FileDispute: 'dispute',
  ResolveDispute: 'dispute',
  ConvenePanel: 'panel',
  SubmitPanelScore: 'panel',
  ClosePanel: 'panel',
};

/** The stream a command is decided on and appends to: its consistency boundary. */
const streamOf = (command: AppraisalCommand): string => {
  switch (AGGREGATE_OF[command.type]) {
    case 'cycle':
      return streams.cycle((command as CycleCommand).data.year);
    case 'unit':
      return streams.unit((command as UnitCommand).data.unitId);
    case 'scorecard': {
      const { year, unitId } = (command as ScorecardCommand).data;
      return streams.scorecard(year, unitId);
    }
    case 'case':
      return streams.case((command as CaseCommand).data.caseId);
    case 'dispute':
      return streams.dispute((command as DisputeCommand).data.disputeId);
    case 'panel':
      return streams.panel((command as PanelCommand).data.panelId);
  }
};

/** Events that others name later (a dispute names an entry, a ruling or a sanction) keep the id the command chose. */
const chosenIdOf = (event: AppraisalEvent): string | undefined => {
  switch (event.type) {
    case 'PointsAwarded':
    case 'PointsDeducted':
      return event.data.entryId;
    case 'BasicRequirementRuled':
      return event.data.rulingId;
    case 'SanctionImposed':
      return event.data.sanctionId;
    default:
      return undefined;
  }
};

interface Decided {
  revision: number;
  /** What the command's own stream answered under idempotency keys: where a retry finds its first answer. */
  answers: ReadonlyMap<string, KeyedAnswer>;
  decided: AppraisalEvent[] | DomainError;
}

/**
 * Carries out a command: loads its aggregate by folding its stream (and the facts it is
 * decided against), asks the decider, and appends what it decides expecting the revision it
 * read. Commands on one stream take turns in this process; a writer elsewhere can still win
 * the race and make the append fail, and without an expected version from the client the
 * command is then decided again on the new state, up to ten more times.
 */
export class CommandExecutor {
  private readonly streams: StreamCache;
  private readonly lanes = new Lanes();

  constructor(
    private readonly events: EventStore,
    private readonly directory: LedgerDirectory,
    private readonly options: { retries?: number } = {},
  ) {
    this.streams = new StreamCache(events);
  }

  execute(command: AppraisalCommand, meta: CommandMeta, expectedVersion?: number): Promise<CommandResult> {
    const stream = streamOf(command);
    return this.lanes.run(stream, () => this.decideAndAppend(stream, command, meta, expectedVersion));
  }

  private async decideAndAppend(
    stream: string,
    command: AppraisalCommand,
    meta: CommandMeta,
    expectedVersion?: number,
  ): Promise<CommandResult> {
    const attempts = expectedVersion === undefined ? (this.options.retries ?? 10) + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      const { revision, answers, decided } = await this.decide(stream, command);
      const prior = priorAnswer(stream, answers, meta, command);
      if (prior) return prior;
      if (decided instanceof DomainError) throw decided;
      if (expectedVersion !== undefined && expectedVersion !== revision) {
        throw new WrongExpectedRevisionError(
          stream,
          expectedVersion,
          revision === -1 ? 'no-stream' : revision,
        );
      }
      if (decided.length === 0) return { stream, eventIds: [], streamVersion: revision, position: null };
      const metadata = metadataFor(meta, command);
      const newEvents: NewEvent[] = decided.map((event) => ({
        id: chosenIdOf(event) ?? randomUUID(),
        type: event.type,
        data: event.data,
        metadata,
      }));
      try {
        const result = await this.events.append(stream, newEvents, {
          expectedRevision: revision === -1 ? 'no-stream' : revision,
        });
        return {
          stream,
          eventIds: newEvents.map((e) => e.id!),
          streamVersion: result.nextRevision,
          position: result.position,
        };
      } catch (error) {
        // Ids a command mints derive from its idempotency key, so a clash means the key named another request.
        if (error instanceof DuplicateEventIdError && meta.idempotencyKey) {
          throw new IdempotencyKeyReusedError(meta.idempotencyKey);
        }
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= attempts) throw error;
        // Writers that lost the race spread out before deciding again, so one of them wins each round.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * attempt));
      }
    }
  }

  private load<C extends Message, E extends Message, S, Ctx>(
    decider: Decider<C, E, S, Ctx>,
    stream: string,
  ): Promise<LoadedStream<S>> {
    return this.streams.load(
      stream,
      (state, event) => decider.evolve(state, event as unknown as E),
      decider.initialState,
    );
  }

  private async decide(stream: string, command: AppraisalCommand): Promise<Decided> {
    switch (AGGREGATE_OF[command.type]) {
      case 'cycle': {
        const c = command as CycleCommand;
        const { state, revision, answers } = await this.load(cycleDecider, stream);
        const leaderKnown =
          c.type === 'SetLeaderBonusBase' ? await this.directory.leaderKnown(c.data.leaderId) : undefined;
        return { revision, answers, decided: cycleDecider.decide(c, state, { leaderKnown }) };
      }
      case 'unit': {
        const c = command as UnitCommand;
        const { state, revision, answers } = await this.load(unitDecider, stream);
        return { revision, answers, decided: unitDecider.decide(c, state, undefined) };
      }
      case 'scorecard': {
        const c = command as ScorecardCommand;
        const [own, cycle, unit] = await Promise.all([
          this.load(scorecardDecider, stream),
          this.load(cycleDecider, streams.cycle(c.data.year)),
          this.load(unitDecider, streams.unit(c.data.unitId)),
        ]);
        return {
          revision: own.revision,
          answers: own.answers,
          decided: scorecardDecider.decide(c, own.state, { cycle: cycle.state, unit: unit.state }),
        };
      }
      case 'case': {
        const c = command as CaseCommand;
        const own = await this.load(caseDecider, stream);
        const year = c.type === 'OpenCase' ? c.data.year : own.state.subject.year;
        const cycle = await this.load(cycleDecider, streams.cycle(year));
        return {
          revision: own.revision,
          answers: own.answers,
          decided: caseDecider.decide(c, own.state, { policy: cycle.state.policy }),
        };
      }
      case 'dispute': {
        const c = command as DisputeCommand;
        const own = await this.load(disputeDecider, stream);
        const context =
          c.type === 'FileDispute'
            ? {
                target: await this.targetOf(c.data.year, c.data.unitId, c.data.eventId),
                openDisputeOnTarget: await this.directory.openDisputeOn(c.data.eventId),
              }
            : {};
        return {
          revision: own.revision,
          answers: own.answers,
          decided: disputeDecider.decide(c, own.state, context),
        };
      }
      case 'panel': {
        const c = command as PanelCommand;
        const own = await this.load(panelDecider, stream);
        const year = c.type === 'ConvenePanel' ? c.data.year : (own.state.convened?.year ?? 0);
        const cycle = await this.load(cycleDecider, streams.cycle(year));
        const unitKnown =
          c.type === 'SubmitPanelScore'
            ? (await this.load(unitDecider, streams.unit(c.data.unitId))).state.registered
            : undefined;
        return {
          revision: own.revision,
          answers: own.answers,
          decided: panelDecider.decide(c, own.state, { cycle: cycle.state, unitKnown }),
        };
      }
    }
  }

  /** What a disputed event is: a score entry or ruling on the unit's scorecard, or a sanction of one of its cases. */
  private async targetOf(year: number, unitId: string, eventId: string): Promise<DisputeTarget | null> {
    const { state } = await this.load(scorecardDecider, streams.scorecard(year, unitId));
    if (state.entries[eventId]) return { kind: 'score-entry', eventId, year, unitId, caseId: null };
    if (state.rulings[eventId])
      return { kind: 'ruling', eventId, year, unitId, caseId: await this.directory.caseOfRuling(eventId) };
    return this.directory.sanctionTarget(year, unitId, eventId);
  }
}
