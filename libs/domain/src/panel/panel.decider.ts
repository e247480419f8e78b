import { Decider, Decision } from '../shared/decider';
import { DomainError, refuse } from '../shared/domain-error';
import { emptyRecord, own, withKey } from '../shared/in-place';
import { hasAtMostTwoDecimals } from '../shared/numbers';
import { PANEL_MEMBER_CATEGORIES, PanelMemberCategory } from '../shared/vocabulary';
import { CycleState, checkCycleOpen, findLiveItem } from '../cycle/cycle.decider';
import { ClosePanel, ConvenePanel, PanelCommand, PanelContext, SubmitPanelScore } from './panel.commands';
import { PanelConvened, PanelEvent, PanelMember, PanelResult } from './panel.events';
import { panelScore } from './panel-result';

export interface PanelState {
  convened: PanelConvened['data'] | null;
  closed: boolean;
  /** unitId -> memberId -> score */
  scores: Record<string, Record<string, number>>;
}

export const initialPanelState: PanelState = { convened: null, closed: false, scores: emptyRecord() };

/** Folds in linear time: collections are written in place (see shared/in-place.ts). */
export const evolvePanel = (state: PanelState, event: PanelEvent): PanelState => {
  switch (event.type) {
    case 'PanelConvened':
      return { ...initialPanelState, convened: event.data };
    case 'PanelScoreSubmitted': {
      const { unitId, memberId, score } = event.data;
      const byMember = withKey(own(state.scores, unitId) ?? {}, memberId, score);
      return { ...state, scores: withKey(state.scores, unitId, byMember) };
    }
    case 'PanelClosed':
      return { ...state, closed: true };
    default: {
      const unexpected: never = event;
      throw new Error(`A panel stream cannot hold ${JSON.stringify(unexpected)}.`);
    }
  }
};

const isCategory = (category: string): category is PanelMemberCategory =>
  (PANEL_MEMBER_CATEGORIES as readonly string[]).includes(category);

const checkMembers = (members: ConvenePanel['data']['members']): DomainError | null => {
  if (members.length === 0) return refuse('INVALID_PANEL_MEMBER', 'A panel needs at least one member.');
  const seen = new Set<string>();
  for (const member of members) {
    if (!isCategory(member.category)) {
      return refuse(
        'INVALID_PANEL_MEMBER',
        `"${member.category}" is not a panel member category; use one of ${PANEL_MEMBER_CATEGORIES.join(', ')}.`,
        { memberId: member.memberId, category: member.category },
      );
    }
    if (seen.has(member.memberId)) {
      return refuse('INVALID_PANEL_MEMBER', `Member "${member.memberId}" is listed twice.`, {
        memberId: member.memberId,
      });
    }
    seen.add(member.memberId);
  }
  return null;
};

export const panelResults = (state: PanelState, threshold: number | null): PanelResult[] =>
  Object.entries(state.scores).map(([unitId, byMember]) => {
    const scores = Object.values(byMember);
    const score = panelScore(scores);
    return { unitId, score, scoresCount: scores.length, met: threshold === null ? null : score >= threshold };
  });

const convenePanel = (command: ConvenePanel, state: PanelState, cycle: CycleState): Decision<PanelEvent> => {
  const { panelId, year, itemId, members } = command.data;
  if (state.convened) return refuse('PANEL_EXISTS', `Panel "${panelId}" already exists.`, { panelId });
  const closed = checkCycleOpen(cycle, year);
  if (closed) return closed;
  const item = findLiveItem(cycle, itemId);
  if (item instanceof DomainError) return item;
  const badMembers = checkMembers(members);
  if (badMembers) return badMembers;
  // A panel with fewer members than a unit needs scores could never close.
  const { panelMinScores } = cycle.policy;
  if (members.length < panelMinScores) {
    return refuse(
      'TOO_FEW_PANEL_MEMBERS',
      `A panel needs at least ${panelMinScores} members: each scored unit needs ${panelMinScores} scores before it closes.`,
      { panelMinScores, members: members.length },
    );
  }
  const threshold = item.basicRequirement?.panelScoreAtLeast ?? null;
  return [
    {
      type: 'PanelConvened',
      data: { panelId, year, itemId, track: item.track, members: members as PanelMember[], threshold },
    },
  ];
};

/** A panel that still takes scores: convened, not closed, and its cycle open. What it was convened as. */
const checkPanelOpen = (
  state: PanelState,
  panelId: string,
  cycle: CycleState,
): PanelConvened['data'] | DomainError => {
  const convened = state.convened;
  if (!convened) return refuse('UNKNOWN_PANEL', `There is no panel "${panelId}".`, { panelId });
  if (state.closed) return refuse('PANEL_CLOSED', `Panel "${panelId}" is closed.`, { panelId });
  return checkCycleOpen(cycle, convened.year) ?? convened;
};

const submitPanelScore = (
  command: SubmitPanelScore,
  state: PanelState,
  { cycle, unitKnown }: PanelContext,
): Decision<PanelEvent> => {
  const { panelId, memberId, unitId, score } = command.data;
  const convened = checkPanelOpen(state, panelId, cycle);
  if (convened instanceof DomainError) return convened;
  const member = convened.members.find((candidate) => candidate.memberId === memberId);
  if (!member) {
    return refuse('NOT_A_PANEL_MEMBER', `"${memberId}" does not sit on panel "${panelId}".`, {
      memberId,
    });
  }
  if (!unitKnown) return refuse('UNKNOWN_UNIT', `There is no unit "${unitId}".`, { unitId });
  if (
    typeof score !== 'number' ||
    !Number.isFinite(score) ||
    score < 0 ||
    score > 100 ||
    !hasAtMostTwoDecimals(score)
  ) {
    return refuse(
      'INVALID_PANEL_SCORE',
      'A panel score must be between 0 and 100, with at most 2 decimals.',
      {
        score,
      },
    );
  }
  const byMember = own(state.scores, unitId);
  if (byMember && own(byMember, memberId) !== undefined) {
    return refuse('ALREADY_SCORED', `"${memberId}" has already scored unit "${unitId}" on this panel.`, {
      memberId,
      unitId,
    });
  }
  const { year, itemId } = convened;
  return [
    {
      type: 'PanelScoreSubmitted',
      data: { panelId, year, itemId, memberId, category: member.category, unitId, score },
    },
  ];
};

const closePanel = (command: ClosePanel, state: PanelState, cycle: CycleState): Decision<PanelEvent> => {
  const { panelId } = command.data;
  const convened = checkPanelOpen(state, panelId, cycle);
  if (convened instanceof DomainError) return convened;
  const minScores = cycle.policy.panelMinScores;
  const results = panelResults(state, convened.threshold);
  const short = results.filter((result) => result.scoresCount < minScores).map((result) => result.unitId);
  if (results.length === 0 || short.length > 0) {
    return refuse(
      'PANEL_INCOMPLETE',
      results.length === 0
        ? `Panel "${panelId}" has no scores yet.`
        : `Every scored unit needs at least ${minScores} scores before the panel closes; short: ${short.join(', ')}.`,
      { minScores, short },
    );
  }
  const { year, itemId, threshold } = convened;
  return [{ type: 'PanelClosed', data: { panelId, year, itemId, threshold, minScores, results } }];
};

export const decidePanel = (
  command: PanelCommand,
  state: PanelState,
  context: PanelContext,
): Decision<PanelEvent> => {
  switch (command.type) {
    case 'ConvenePanel':
      return convenePanel(command, state, context.cycle);
    case 'SubmitPanelScore':
      return submitPanelScore(command, state, context);
    case 'ClosePanel':
      return closePanel(command, state, context.cycle);
    default: {
      const unexpected: never = command;
      throw new Error(`The panel decider cannot decide ${JSON.stringify(unexpected)}.`);
    }
  }
};

export const panelDecider: Decider<PanelCommand, PanelEvent, PanelState, PanelContext> = {
  initialState: initialPanelState,
  evolve: evolvePanel,
  decide: decidePanel,
};
