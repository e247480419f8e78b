import { Message } from '../shared/decider';
import { PanelMemberCategory, Track } from '../shared/vocabulary';

export interface PanelMember {
  memberId: string;
  name: string;
  category: PanelMemberCategory;
}

export interface PanelResult {
  unitId: string;
  score: number;
  scoresCount: number;
  /** Whether the result reaches the item's `panelScoreAtLeast`; null where the item sets none. */
  met: boolean | null;
}

export type PanelConvened = Message<
  'PanelConvened',
  {
    panelId: string;
    year: number;
    itemId: string;
    track: Track;
    members: PanelMember[];
    threshold: number | null;
  }
>;
export type PanelScoreSubmitted = Message<
  'PanelScoreSubmitted',
  {
    panelId: string;
    year: number;
    itemId: string;
    memberId: string;
    category: PanelMemberCategory;
    unitId: string;
    score: number;
  }
>;
export type PanelClosed = Message<
  'PanelClosed',
  {
    panelId: string;
    year: number;
    itemId: string;
    threshold: number | null;
    minScores: number;
    results: PanelResult[];
  }
>;

export type PanelEvent = PanelConvened | PanelScoreSubmitted | PanelClosed;
