import { AppraisalEvent, PanelMember, PanelResult } from '@ledger/domain';
import { DocChange, Projection, docKey } from '../projection';
import { appraisal } from './event-facts';

export const PANELS = 'panels';

export const panelKeys = {
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

/** On-site public scoring panels: members, every score, and the results once closed. */
export const panelsProjection: Projection = {
  name: PANELS,
  version: 1,
  keysOf(stored) {
    const event: AppraisalEvent = appraisal(stored);
    switch (event.type) {
      case 'PanelScoreSubmitted':
      case 'PanelClosed':
        return [panelKeys.panel(event.data.year, event.data.panelId)];
      default:
        return [];
    }
  },
  evolve(read, stored): DocChange[] {
    const event: AppraisalEvent = appraisal(stored);
    switch (event.type) {
      case 'PanelConvened': {
        const { panelId, year, itemId, members } = event.data;
        return [
          [
            panelKeys.panel(year, panelId),
            { panelId, year, itemId, status: 'open', members, scores: [], results: [] } satisfies PanelDoc,
          ],
        ];
      }
      case 'PanelScoreSubmitted': {
        const key = panelKeys.panel(event.data.year, event.data.panelId);
        const panel = read<PanelDoc>(key);
        const { memberId, unitId, score } = event.data;
        return panel ? [[key, { ...panel, scores: [...panel.scores, { memberId, unitId, score }] }]] : [];
      }
      case 'PanelClosed': {
        const key = panelKeys.panel(event.data.year, event.data.panelId);
        const panel = read<PanelDoc>(key);
        return panel ? [[key, { ...panel, status: 'closed', results: event.data.results }]] : [];
      }
      default:
        return [];
    }
  },
};
