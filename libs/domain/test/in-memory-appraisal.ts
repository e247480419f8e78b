import {
  AppraisalCommand,
  AppraisalEvent,
  CaseCommand,
  CaseEvent,
  CaseState,
  CycleCommand,
  CycleEvent,
  CycleState,
  Decider,
  DisputeCommand,
  DisputeTarget,
  DomainError,
  Message,
  PanelCommand,
  PanelEvent,
  ScorecardCommand,
  ScorecardEvent,
  UnitCommand,
  UnitEvent,
  UnitState,
  caseDecider,
  caseForRuling,
  correctionsForDispute,
  cycleDecider,
  departureForSanction,
  disputeDecider,
  panelDecider,
  rulingsForClosedPanel,
  scorecardDecider,
  streams,
  unitDecider,
} from '@ledger/domain';

const CYCLE = new Set([
  'OpenCycle',
  'AmendPolicy',
  'DefineItem',
  'ChangeItemTrack',
  'ChangeTargetThreshold',
  'WithdrawItem',
  'SetLeaderBonusBase',
  'CloseCycle',
]);
const UNIT = new Set(['RegisterUnit', 'AppointLeader', 'DepartLeader']);
const SCORECARD = new Set([
  'AwardPoints',
  'DeductPoints',
  'ReportMetric',
  'RuleBasicRequirement',
  'ReverseEntry',
  'SetAsideRuling',
]);
const CASE = new Set(['OpenCase', 'ImposeSanction', 'LiftSanction', 'WithdrawCase']);
const DISPUTE = new Set(['FileDispute', 'ResolveDispute']);

/**
 * The deciders and reactions wired together over streams held in memory: what the ledger
 * does, minus storage and transport. Used to drive a whole cycle in a test.
 */
export class InMemoryAppraisal {
  readonly log: { stream: string; event: AppraisalEvent }[] = [];
  private readonly byStream = new Map<string, AppraisalEvent[]>();

  execute(command: AppraisalCommand): AppraisalEvent[] {
    const { stream, events } = this.decide(command);
    for (const event of events) {
      this.log.push({ stream, event });
      this.byStream.set(stream, [...this.events(stream), event]);
    }
    for (const event of events) this.react(event);
    return events;
  }

  events(stream: string): AppraisalEvent[] {
    return this.byStream.get(stream) ?? [];
  }

  cycle(year: number): CycleState {
    return this.fold(cycleDecider, streams.cycle(year));
  }

  unit(unitId: string): UnitState {
    return this.fold(unitDecider, streams.unit(unitId));
  }

  caseState(caseId: string): CaseState {
    return this.fold(caseDecider, streams.case(caseId));
  }

  /** All case streams in the order they were opened. */
  cases(): CaseState[] {
    return this.log
      .filter(({ event }) => event.type === 'CaseOpened')
      .map(({ stream }) => this.fold(caseDecider, stream));
  }

  private fold<C extends Message, E extends Message, S, Ctx>(
    decider: Decider<C, E, S, Ctx>,
    stream: string,
  ): S {
    return (this.events(stream) as unknown as E[]).reduce(decider.evolve, decider.initialState);
  }

  private run<C extends Message, E extends Message, S, Ctx>(
    decider: Decider<C, E, S, Ctx>,
    stream: string,
    command: C,
    context: Ctx,
  ): { stream: string; events: AppraisalEvent[] } {
    const result = decider.decide(command, this.fold(decider, stream), context);
    if (result instanceof DomainError) throw result;
    return { stream, events: result as unknown as AppraisalEvent[] };
  }

  private decide(command: AppraisalCommand): { stream: string; events: AppraisalEvent[] } {
    if (CYCLE.has(command.type)) {
      const c = command as CycleCommand;
      const leaderKnown =
        c.type === 'SetLeaderBonusBase' &&
        this.log.some(
          ({ event }) => event.type === 'LeaderAppointed' && event.data.leaderId === c.data.leaderId,
        );
      return this.run<CycleCommand, CycleEvent, CycleState, { leaderKnown: boolean }>(
        cycleDecider,
        streams.cycle(c.data.year),
        c,
        { leaderKnown },
      );
    }
    if (UNIT.has(command.type)) {
      const c = command as UnitCommand;
      return this.run<UnitCommand, UnitEvent, UnitState, undefined>(
        unitDecider,
        streams.unit(c.data.unitId),
        c,
        undefined,
      );
    }
    if (SCORECARD.has(command.type)) {
      const c = command as ScorecardCommand;
      const context = { cycle: this.cycle(c.data.year), unit: this.unit(c.data.unitId) };
      return this.run(scorecardDecider, streams.scorecard(c.data.year, c.data.unitId), c, context);
    }
    if (CASE.has(command.type)) {
      const c = command as CaseCommand;
      const year = c.type === 'OpenCase' ? c.data.year : this.caseState(c.data.caseId).subject.year;
      return this.run<CaseCommand, CaseEvent, CaseState, { policy: CycleState['policy'] }>(
        caseDecider,
        streams.case(c.data.caseId),
        c,
        { policy: this.cycle(year).policy },
      );
    }
    if (DISPUTE.has(command.type)) {
      const c = command as DisputeCommand;
      const eventId = c.type === 'FileDispute' ? c.data.eventId : '';
      const context = {
        target: this.disputeTarget(eventId),
        openDisputeOnTarget: this.openDisputeOn(eventId),
      };
      return this.run(disputeDecider, streams.dispute(c.data.disputeId), c, context);
    }
    const c = command as PanelCommand;
    const convened = this.events(streams.panel(c.data.panelId))[0] as PanelEvent | undefined;
    const year =
      c.type === 'ConvenePanel' ? c.data.year : convened?.type === 'PanelConvened' ? convened.data.year : 0;
    const unitKnown = c.type === 'SubmitPanelScore' && this.unit(c.data.unitId).registered;
    return this.run(panelDecider, streams.panel(c.data.panelId), c, { cycle: this.cycle(year), unitKnown });
  }

  private disputeTarget(eventId: string): DisputeTarget | null {
    for (const { event } of this.log) {
      const e = event as ScorecardEvent | CaseEvent;
      if ((e.type === 'PointsAwarded' || e.type === 'PointsDeducted') && e.data.entryId === eventId) {
        return { kind: 'score-entry', eventId, year: e.data.year, unitId: e.data.unitId, caseId: null };
      }
      if (e.type === 'BasicRequirementRuled' && e.data.rulingId === eventId) {
        return {
          kind: 'ruling',
          eventId,
          year: e.data.year,
          unitId: e.data.unitId,
          caseId: this.caseOfRuling(eventId),
        };
      }
      if (e.type === 'SanctionImposed' && e.data.sanctionId === eventId) {
        return { kind: 'sanction', eventId, year: e.data.year, unitId: e.data.unitId, caseId: e.data.caseId };
      }
    }
    return null;
  }

  private caseOfRuling(rulingId: string): string | null {
    return this.cases().find((c) => c.rulingId === rulingId)?.subject.caseId ?? null;
  }

  private openDisputeOn(eventId: string): boolean {
    const resolved = new Set(
      this.log.flatMap(({ event }) => (event.type === 'DisputeResolved' ? [event.data.disputeId] : [])),
    );
    return this.log.some(
      ({ event }) =>
        event.type === 'DisputeFiled' &&
        event.data.eventId === eventId &&
        !resolved.has(event.data.disputeId),
    );
  }

  private react(event: AppraisalEvent): void {
    switch (event.type) {
      case 'BasicRequirementRuled': {
        const { year, unitId, itemId } = event.data;
        const triple = this.cases().filter(
          (c) => c.subject.year === year && c.subject.unitId === unitId && c.subject.itemId === itemId,
        );
        const open = caseForRuling(event, triple);
        if (open) this.execute(open);
        return;
      }
      case 'PanelClosed':
        rulingsForClosedPanel(event).forEach((command) => this.execute(command));
        return;
      case 'SanctionImposed': {
        const departure = departureForSanction(event);
        if (departure) this.execute(departure);
        return;
      }
      case 'DisputeResolved': {
        const caseId = event.data.target.kind === 'ruling' ? this.caseOfRuling(event.data.eventId) : null;
        correctionsForDispute(event, caseId).forEach((command) => this.execute(command));
        return;
      }
      default:
        return;
    }
  }
}
