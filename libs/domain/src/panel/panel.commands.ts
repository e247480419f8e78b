import { Message } from '../shared/decider';
import { CycleState } from '../cycle/cycle.decider';

export type ConvenePanel = Message<
  'ConvenePanel',
  {
    panelId: string;
    year: number;
    itemId: string;
    members: { memberId: string; name: string; category: string }[];
  }
>;
export type SubmitPanelScore = Message<
  'SubmitPanelScore',
  { panelId: string; memberId: string; unitId: string; score: number }
>;
export type ClosePanel = Message<'ClosePanel', { panelId: string }>;

export type PanelCommand = ConvenePanel | SubmitPanelScore | ClosePanel;

/** The panel's cycle (items, policy, open or closed) and, for a score, whether the unit exists. */
export interface PanelContext {
  cycle: CycleState;
  unitKnown?: boolean;
}
