import { ReactNode, createContext, useContext, useMemo, useState } from 'react';

/**
 * The point in the past the whole view shows, if any: a log position or an instant (what the
 * ledger knew then), and/or a business date (how the appraisal stood on that day). Every read
 * that answers for a past point (scoreboard, unit score and items, accountability, cases,
 * disputes) asks for it; the header says it is shown and how to go back to now.
 */
export interface PastPoint {
  atPosition?: string;
  asOf?: string;
  effectiveOn?: string;
}

interface PastPointState {
  point: PastPoint | null;
  setPoint(point: PastPoint | null): void;
  /** `path` with the point's query, for a read that answers for a past point. */
  at(path: string): string;
}

const PastPointContext = createContext<PastPointState | null>(null);

export const queryOf = (point: PastPoint | null): string => {
  if (!point) return '';
  const query = new URLSearchParams();
  if (point.atPosition) query.set('atPosition', point.atPosition);
  if (point.asOf) query.set('asOf', point.asOf);
  if (point.effectiveOn) query.set('effectiveOn', point.effectiveOn);
  return query.toString();
};

export const PastPointProvider = ({ children }: { children: ReactNode }) => {
  const [point, setPoint] = useState<PastPoint | null>(null);
  const state = useMemo<PastPointState>(() => {
    const query = queryOf(point);
    return {
      point,
      setPoint: (next) => setPoint(next && (next.atPosition || next.asOf || next.effectiveOn) ? next : null),
      at: (path) => (query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path),
    };
  }, [point]);
  return <PastPointContext.Provider value={state}>{children}</PastPointContext.Provider>;
};

export const usePastPoint = (): PastPointState => {
  const state = useContext(PastPointContext);
  if (!state) throw new Error('usePastPoint outside PastPointProvider');
  return state;
};
