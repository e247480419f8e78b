import { Projection } from '../projection';
import { accountabilityProjection } from './accountability.projection';
import { disputesProjection } from './disputes.projection';
import { historyProjection } from './history.projection';
import { panelsProjection } from './panels.projection';
import { scoresProjection } from './scores.projection';

export * from './scores.projection';
export * from './scores.queries';
export * from './entries-page';
export * from './accountability.projection';
export * from './accountability.queries';
export * from './disputes.projection';
export * from './panels.projection';
export * from './history.projection';
export * from './audit.queries';
export * from './registry.queries';
export * from './targets.queries';

/** Every read model of the ledger, in the order the runner folds them. */
export const allProjections: Projection[] = [
  scoresProjection,
  accountabilityProjection,
  disputesProjection,
  panelsProjection,
  historyProjection,
];
