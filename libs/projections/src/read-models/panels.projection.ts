import { PanelClosed, PanelMember, PanelResult, PanelScoreSubmitted } from '@ledger/domain';
import { EventHandler, IGNORED, docKey, projection } from '../projection';

export const PANELS = 'panels';

export const panelKeys = {
  scope: (year: number) => docKey('panel', year),
  panel: (year: number, panelId: string) => docKey('panel', year, panelId),
};

export interface PanelDoc {
  panelId: string;
  year: number;
  itemId: string;
  status: 'open' | 'closed';
  members: PanelMember[];
  scores: { memberId: string; unitId: string; score: number }[];
  results: PanelResult[];
}

/** A panel event after the convening: the panel's document as it leaves it. */
const panelDoc = <E extends PanelScoreSubmitted | PanelClosed>(
  next: (panel: PanelDoc, event: E) => PanelDoc,
): EventHandler<E> => ({
  keys: (event) => [panelKeys.panel(event.data.year, event.data.panelId)],
  fold: (read, event) => {
    const key = panelKeys.panel(event.data.year, event.data.panelId);
    const panel = read<PanelDoc>(key);
    return panel ? [[key, next(panel, event)]] : [];
  },
});

/** On-site public scoring panels: members, every score, and the results once closed. */
export const panelsProjection = projection({
  name: PANELS,
  version: 1,
  on: {
    PanelConvened: {
      keys: () => [],
      fold: (_read, { data: { panelId, year, itemId, members } }) => [
        [
          panelKeys.panel(year, panelId),
          { panelId, year, itemId, status: 'open', members, scores: [], results: [] } satisfies PanelDoc,
        ],
      ],
    },
    PanelScoreSubmitted: panelDoc((panel, { data: { memberId, unitId, score } }) => ({
      ...panel,
      scores: [...panel.scores, { memberId, unitId, score }],
    })),
    PanelClosed: panelDoc((panel, { data: { results } }) => ({ ...panel, status: 'closed', results })),
    CycleOpened: IGNORED,
    PolicyAmended: IGNORED,
    ItemDefined: IGNORED,
    ItemTrackChanged: IGNORED,
    TargetThresholdChanged: IGNORED,
    ItemWithdrawn: IGNORED,
    LeaderBonusBaseSet: IGNORED,
    CycleClosed: IGNORED,
    UnitRegistered: IGNORED,
    LeaderAppointed: IGNORED,
    LeaderDeparted: IGNORED,
    PointsAwarded: IGNORED,
    PointsDeducted: IGNORED,
    MetricReported: IGNORED,
    BasicRequirementRuled: IGNORED,
    EntryReversed: IGNORED,
    RulingSetAside: IGNORED,
    CaseOpened: IGNORED,
    SanctionImposed: IGNORED,
    SanctionLifted: IGNORED,
    CaseWithdrawn: IGNORED,
    DisputeFiled: IGNORED,
    DisputeResolved: IGNORED,
    KeyIssued: IGNORED,
    KeyRevoked: IGNORED,
  },
});
