import { AppraisalCommand, AppraisalEvent } from './appraisal';
import { CaseCommand, CaseContext } from './case/case.commands';
import { CaseState, caseDecider } from './case/case.decider';
import { CaseEvent } from './case/case.events';
import { CycleCommand, CycleContext } from './cycle/cycle.commands';
import { CycleState, cycleDecider } from './cycle/cycle.decider';
import { CycleEvent } from './cycle/cycle.events';
import { DisputeCommand, DisputeContext } from './dispute/dispute.commands';
import { DisputesOfEventState, disputeDecider, parseDisputeId } from './dispute/dispute.decider';
import { DisputeEvent } from './dispute/dispute.events';
import { disputeTargetOf } from './dispute/dispute.facts';
import { KeyCommand, KeyContext } from './key/key.commands';
import { KeyState, keyDecider } from './key/key.decider';
import { KeyEvent } from './key/key.events';
import { PanelCommand, PanelContext } from './panel/panel.commands';
import { PanelState, panelDecider } from './panel/panel.decider';
import { PanelEvent } from './panel/panel.events';
import { ScorecardCommand, ScorecardContext } from './scorecard/scorecard.commands';
import { ScorecardState, scorecardDecider } from './scorecard/scorecard.decider';
import { ScorecardEvent } from './scorecard/scorecard.events';
import { Aggregate, Facts } from './shared/aggregate';
import { Decision } from './shared/decider';
import { streams } from './streams';
import { UnitCommand } from './unit/unit.commands';
import { UnitState, unitDecider } from './unit/unit.decider';
import { UnitEvent } from './unit/unit.events';

export const cycleAggregate: Aggregate<CycleCommand, CycleEvent, CycleState, CycleContext> = {
  name: 'cycle',
  decider: cycleDecider,
  commandTypes: {
    OpenCycle: true,
    AmendPolicy: true,
    DefineItem: true,
    ChangeItemTrack: true,
    ChangeTargetThreshold: true,
    WithdrawItem: true,
    SetLeaderBonusBase: true,
    CloseCycle: true,
  },
  streamOf: (command) => streams.cycle(command.data.year),
  contextOf: async (command, _state, facts) =>
    command.type === 'SetLeaderBonusBase'
      ? { leaderKnown: await facts.leaderKnown(command.data.leaderId) }
      : {},
};

export const unitAggregate: Aggregate<UnitCommand, UnitEvent, UnitState, undefined> = {
  name: 'unit',
  decider: unitDecider,
  commandTypes: { RegisterUnit: true, AppointLeader: true, DepartLeader: true },
  streamOf: (command) => streams.unit(command.data.unitId),
  contextOf: async () => undefined,
};

export const scorecardAggregate: Aggregate<
  ScorecardCommand,
  ScorecardEvent,
  ScorecardState,
  ScorecardContext
> = {
  name: 'scorecard',
  decider: scorecardDecider,
  commandTypes: {
    AwardPoints: true,
    DeductPoints: true,
    ReportMetric: true,
    RuleBasicRequirement: true,
    ReverseEntry: true,
    SetAsideRuling: true,
  },
  streamOf: (command) => streams.scorecard(command.data.year, command.data.unitId),
  contextOf: async (command, _state, facts) => {
    const [cycle, unit] = await Promise.all([
      facts.fold(cycleDecider, streams.cycle(command.data.year)),
      facts.fold(unitDecider, streams.unit(command.data.unitId)),
    ]);
    return { cycle, unit };
  },
};

export const caseAggregate: Aggregate<CaseCommand, CaseEvent, CaseState, CaseContext> = {
  name: 'case',
  decider: caseDecider,
  commandTypes: { OpenCase: true, ImposeSanction: true, LiftSanction: true, WithdrawCase: true },
  streamOf: (command) => streams.case(command.data.caseId),
  contextOf: async (command, state, facts) => {
    const year = command.type === 'OpenCase' ? command.data.year : state.subject.year;
    return { policy: (await facts.fold(cycleDecider, streams.cycle(year))).policy };
  },
};

export const disputeAggregate: Aggregate<DisputeCommand, DisputeEvent, DisputesOfEventState, DisputeContext> =
  {
    name: 'dispute',
    decider: disputeDecider,
    commandTypes: { FileDispute: true, ResolveDispute: true },
    streamOf: (command) =>
      streams.disputesOf(
        command.type === 'FileDispute'
          ? command.data.eventId
          : (parseDisputeId(command.data.disputeId)?.eventId ?? command.data.disputeId),
      ),
    contextOf: async (command, _state, facts) =>
      command.type === 'FileDispute'
        ? {
            target: await disputeTargetOf(
              facts,
              command.data.year,
              command.data.unitId,
              command.data.eventId,
            ),
          }
        : { target: null },
  };

export const panelAggregate: Aggregate<PanelCommand, PanelEvent, PanelState, PanelContext> = {
  name: 'panel',
  decider: panelDecider,
  commandTypes: { ConvenePanel: true, SubmitPanelScore: true, ClosePanel: true },
  streamOf: (command) => streams.panel(command.data.panelId),
  contextOf: async (command, state, facts) => {
    const year = command.type === 'ConvenePanel' ? command.data.year : (state.convened?.year ?? 0);
    const [cycle, unit] = await Promise.all([
      facts.fold(cycleDecider, streams.cycle(year)),
      command.type === 'SubmitPanelScore' ? facts.fold(unitDecider, streams.unit(command.data.unitId)) : null,
    ]);
    return { cycle, unitKnown: unit?.registered };
  },
};

/** API keys: who may act is itself on the record (docs/api.md, "Keys and roles"). */
export const keyAggregate: Aggregate<KeyCommand, KeyEvent, KeyState, KeyContext> = {
  name: 'key',
  decider: keyDecider,
  commandTypes: { IssueKey: true, RevokeKey: true },
  streamOf: (command) => streams.key(command.data.keyId),
  contextOf: async (command, _state, facts) => {
    if (command.type !== 'IssueKey') return {}; // a revocation reads nothing else
    const unitId = command.data.unitId?.trim();
    const { replaces } = command.data;
    const [unit, replaced] = await Promise.all([
      unitId ? facts.fold(unitDecider, streams.unit(unitId)) : null,
      replaces ? facts.fold(keyDecider, streams.key(replaces)) : null,
    ]);
    return {
      unitRegistered: unit?.registered ?? false,
      ...(replaced
        ? { replaced: { issued: replaced.issued !== null, replacedBy: replaced.replacedBy } }
        : {}),
    };
  },
};

/**
 * A command bound to its aggregate, with the types the two share hidden: what a runner needs
 * to load the command's stream, fold it, and decide.
 */
export interface RoutedCommand<S = unknown> {
  aggregate: string;
  stream: string;
  initialState: S;
  evolve(state: S, event: AppraisalEvent): S;
  decide(state: S, facts: Facts): Promise<Decision<AppraisalEvent>>;
}

const bind = <C extends AppraisalCommand, E extends AppraisalEvent, S, Ctx>(
  aggregate: Aggregate<C, E, S, Ctx>,
  command: C,
): RoutedCommand<S> => ({
  aggregate: aggregate.name,
  stream: aggregate.streamOf(command),
  initialState: aggregate.decider.initialState,
  // A stream holds only the events of the aggregate that decides on it.
  evolve: (state, event) => aggregate.decider.evolve(state, event as E),
  decide: async (state, facts) =>
    aggregate.decider.decide(command, state, await aggregate.contextOf(command, state, facts)),
});

const accepts = <C extends AppraisalCommand, E extends AppraisalEvent, S, Ctx>(
  aggregate: Aggregate<C, E, S, Ctx>,
  command: AppraisalCommand,
): command is C => Object.hasOwn(aggregate.commandTypes, command.type);

/** The aggregate that decides a command, bound to it. */
export const route = (command: AppraisalCommand): RoutedCommand => {
  if (accepts(cycleAggregate, command)) return bind(cycleAggregate, command) as RoutedCommand;
  if (accepts(unitAggregate, command)) return bind(unitAggregate, command) as RoutedCommand;
  if (accepts(scorecardAggregate, command)) return bind(scorecardAggregate, command) as RoutedCommand;
  if (accepts(caseAggregate, command)) return bind(caseAggregate, command) as RoutedCommand;
  if (accepts(disputeAggregate, command)) return bind(disputeAggregate, command) as RoutedCommand;
  if (accepts(panelAggregate, command)) return bind(panelAggregate, command) as RoutedCommand;
  if (accepts(keyAggregate, command)) return bind(keyAggregate, command) as RoutedCommand;
  const unexpected: never = command;
  throw new Error(`No aggregate decides ${JSON.stringify(unexpected)}.`);
};
