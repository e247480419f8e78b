import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { AsOf } from '@ledger/projections';
import { ApiError } from '../errors/api-error';

/** The two ways of naming a past point on a cycle query, documented once for every route. */
export const AsOfQueries = () =>
  applyDecorators(
    ApiQuery({
      name: 'asOf',
      required: false,
      description: 'an ISO 8601 instant: the answer as it stood then (not with atPosition)',
    }),
    ApiQuery({
      name: 'atPosition',
      required: false,
      description: 'a log position: the answer as it stood right after it (not with asOf)',
    }),
  );

/** The business date a standing query may take besides its past point (docs/domain.md, "Business dates"). */
export const EffectiveOnQuery = () =>
  ApiQuery({
    name: 'effectiveOn',
    required: false,
    description:
      'a day of the appraisal year (YYYY-MM-DD): the appraisal as it stood on that day, as known now (or as known at asOf/atPosition)',
  });

/**
 * The past point a query asks about, if any. Both at once would be two questions (an instant
 * and a position rarely name the same point), so that is refused rather than guessed at.
 */
export const pastPoint = (
  instant: string | undefined,
  position: string | undefined,
  effectiveOn?: string,
): (AsOf & { effectiveOn?: string }) | undefined => {
  if (instant !== undefined && position !== undefined) {
    throw new ApiError(
      400,
      'AS_OF_CONFLICT',
      'Ask as of an instant (asOf) or at a log position (atPosition), not both.',
    );
  }
  const onDay = effectiveOn === undefined ? {} : { effectiveOn };
  if (instant !== undefined) return { instant, ...onDay };
  if (position !== undefined) return { position, ...onDay };
  return effectiveOn === undefined ? undefined : onDay;
};
