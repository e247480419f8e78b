import { Decider, Decision } from '../shared/decider';
import { DomainError, refuse } from '../shared/domain-error';
import { hasAtMostTwoDecimals } from '../shared/numbers';
import { PANEL_MEMBER_CATEGORIES, PanelMemberCategory } from '../shared/vocabulary';
import { checkCycleOpen, findLiveItem } from '../cycle/cycle.decider';
import { ConvenePanel, PanelCommand, PanelContext } from './panel.commands';
import { PanelConvened, PanelEvent, PanelMember, PanelResult } from './panel.events';
import { panelScore } from './panel-result';

export interface PanelState {
  convened: PanelConvened['data'] | null;
  closed: boolean;
  /** unitId -> memberId -> score */
  scores: Record<string, Record<string, number>>;
}

export const initialPanelState: PanelState = { convened: null, closed: false, scores: {} };

export const evolvePanel = (state: PanelState, event: PanelEvent): PanelState => {
  switch (event.type) {
    case 'PanelConvened':
      return { ...initialPanelState, convened: event.data };
    case 'PanelScoreSubmitted': {
      const { unitId, memberId, score } = event.data;
      return {
        ...state,
        scores: { ...state.scores, [unitId]: { ...state.scores[unitId], [memberId]: score } },
      };
    }
    case 'PanelClosed':
      return { ...state, closed: true };
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

export const decidePanel = (
  command: PanelCommand,
  state: PanelState,
  context: PanelContext,
): Decision<PanelEvent> => {
  const { panelId } = command.data;
  const { cycle } = context;

  if (command.type === 'ConvenePanel') {
    const { year, itemId, members } = command.data;
    if (state.convened) return refuse('PANEL_EXISTS', `Panel "${panelId}" already exists.`, { panelId });
    const closed = checkCycleOpen(cycle, year);
    if (closed) return closed;
    const item = findLiveItem(cycle, itemId);
    if (item instanceof DomainError) return item;
    const badMembers = checkMembers(members);
    if (badMembers) return badMembers;
    const threshold = item.basicRequirement?.panelScoreAtLeast ?? null;
    return [
      {
        type: 'PanelConvened',
        data: { panelId, year, itemId, track: item.track, members: members as PanelMember[], threshold },
      },
    ];
  }

  const convened = state.convened;
  if (!convened) return refuse('UNKNOWN_PANEL', `There is no panel "${panelId}".`, { panelId });
  if (state.closed) return refuse('PANEL_CLOSED', `Panel "${panelId}" is closed.`, { panelId });
  const { year, itemId } = convened;
  const cycleClosed = checkCycleOpen(cycle, year);
  if (cycleClosed) return cycleClosed;

  switch (command.type) {
    case 'SubmitPanelScore': {
      const { memberId, unitId, score } = command.data;
      const member = convened.members.find((candidate) => candidate.memberId === memberId);
      if (!member) {
        return refuse('NOT_A_PANEL_MEMBER', `"${memberId}" does not sit on panel "${panelId}".`, {
          memberId,
        });
      }
      if (!context.unitKnown) return refuse('UNKNOWN_UNIT', `There is no unit "${unitId}".`, { unitId });
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
      if (state.scores[unitId]?.[memberId] !== undefined) {
        return refuse('ALREADY_SCORED', `"${memberId}" has already scored unit "${unitId}" on this panel.`, {
          memberId,
          unitId,
        });
      }
      return [
        {
          type: 'PanelScoreSubmitted',
          data: { panelId, year, itemId, memberId, category: member.category, unitId, score },
        },
      ];
    }
    case 'ClosePanel': {
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
      return [
        {
          type: 'PanelClosed',
          data: { panelId, year, itemId, threshold: convened.threshold, minScores, results },
        },
      ];
    }
  }
};

export const panelDecider: Decider<PanelCommand, PanelEvent, PanelState, PanelContext> = {
  initialState: initialPanelState,
  evolve: evolvePanel,
  decide: decidePanel,
};
