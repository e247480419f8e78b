import { useQuery } from '@tanstack/react-query';
import { useSession } from './session';

/** A read of the API under the session's key; fetched again whenever the live stream says the log moved. */
export const useRead = <T>(path: string | null) => {
  const { api } = useSession();
  return useQuery({
    queryKey: [path],
    queryFn: () => api.get<T>(path!),
    enabled: path !== null,
    placeholderData: (previous) => previous,
  });
};

export interface ScoreboardRow {
  unitId: string;
  name: string;
  kind: 'street' | 'department';
  regularScore: number;
  keyScore: number;
  total: number;
  rank: number;
}

export interface UnitView {
  unitId: string;
  name: string;
  kind: 'street' | 'department';
  leader: { leaderId: string; name: string } | null;
}

export interface CycleView {
  year: number;
  status: 'open' | 'closed';
  policy: {
    baseScore: number;
    regularCap: number;
    regularAwardMax: number;
    sanctionLadder: { name: string; withheldPct: number }[];
  };
  items: {
    itemId: string;
    title: string;
    track: '1' | 'X';
    withdrawn: boolean;
    targets: { metric: string; comparator: string; threshold: number; unit: string }[];
  }[];
}

export interface Entry {
  entryId: string;
  itemId: string;
  track: '1' | 'X';
  kind: 'award' | 'deduction';
  points: number;
  reason: string;
  effectiveOn: string;
  reversed: boolean;
  position: string;
  recordedAt: string;
  actor: { id: string; role: string; name?: string };
}

export interface UnitScore {
  unitId: string;
  regularRaw: number;
  regularScore: number;
  keyScore: number;
  total: number;
  /** The scorecard stream's version (-1: none yet), sent as If-Match by a form. */
  streamVersion: number;
  entries: Entry[];
}

export interface HistoryRow {
  eventId: string;
  position: string;
  type: string;
  data: { itemId?: string; points?: number; track?: '1' | 'X'; effectiveOn?: string; reason?: string };
  actor: { id: string; role: string; name?: string };
  reason: string | null;
  recordedAt: string;
  total: number;
}

export interface LeaderAccountability {
  leaderId: string;
  name: string;
  unitId: string;
  status: 'clear' | 'under-review' | 'sanctioned' | 'removed';
  openCases: number;
  withheldPct: number;
  bonusBase: number | null;
  bonusPayable: number | null;
}

export interface Dispute {
  disputeId: string;
  unitId: string;
  eventId: string;
  target: { kind: 'score-entry' | 'ruling' | 'sanction'; eventId: string; caseId: string | null };
  grounds: string;
  status: 'open' | 'resolved';
  outcome: 'upheld' | 'overturned' | null;
  reason: string | null;
  filedAt: string;
  filedBy: { id: string; role: string; name?: string };
  resolvedAt: string | null;
}

export interface ChangeEvent {
  eventId: string;
  position: string;
  recordedAt: string;
  type: string;
  actor: { id: string; role: string; name?: string };
  reason: string | null;
  points: number | null;
}

export interface CycleChanges {
  units: {
    unitId: string;
    name: string;
    kind: string;
    before: { total: number; rank: number } | null;
    after: { total: number; rank: number } | null;
    events: ChangeEvent[];
  }[];
  leaders: {
    leaderId: string;
    name: string;
    before: { status: string; withheldPct: number } | null;
    after: { status: string; withheldPct: number } | null;
  }[];
}

export interface WhatIfAnswer {
  units: {
    unitId: string;
    name: string;
    kind: string;
    recorded: { total: number; rank: number };
    whatIf: { total: number; rank: number };
    change: { total: number; rank: number };
  }[];
  refused: { eventId: string; unitId: string; itemId: string; code: string; reason: string }[];
}
