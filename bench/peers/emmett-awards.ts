/**
 * The award workload written the way Emmett's documentation writes a command: a decider for one
 * stream (a unit's scorecard), folded and appended by Emmett's own `CommandHandler`, which
 * retries on a version conflict. It checks what can be checked on that stream alone: an entry id
 * is not recorded twice, and a regular award is at most 2 points.
 */
export interface Award {
  entryId: string;
  itemId: string;
  track: '1' | 'X';
  points: number;
  reason: string;
}

export type PointsAwarded = { type: 'PointsAwarded'; data: Award & { unitId: string } };

export interface Scorecard {
  entries: Map<string, Award>;
}

export const initialState = (): Scorecard => ({ entries: new Map() });

/** In place, as Emmett's examples do with a fresh state per fold: linear in the stream's length. */
export const evolve = (state: Scorecard, event: PointsAwarded): Scorecard => {
  state.entries.set(event.data.entryId, event.data);
  return state;
};

export const decide = (unitId: string, award: Award, state: Scorecard): PointsAwarded[] => {
  if (state.entries.has(award.entryId)) return [];
  if (award.track === '1' && award.points > 2) throw new Error('A regular award is at most 2 points.');
  return [{ type: 'PointsAwarded', data: { ...award, unitId } }];
};
