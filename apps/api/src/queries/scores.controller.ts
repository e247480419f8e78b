import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { UnitKind } from '@ledger/domain';
import { ReadQuery } from '@ledger/ledger/nest';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../errors/api-error';
import {
  BusinessDatePipe,
  InstantPipe,
  OptionalLimitPipe,
  PositionPipe,
  RevisionCursorPipe,
  SlugPipe,
  YearPipe,
} from '../params';
import { linkNextPage } from './next-page';
import { AsOfQueries, EffectiveOnQuery, pastPoint } from './as-of.params';
import { READERS } from './readers';
import { ReadYourWrites } from './read-your-writes.interceptor';

const KINDS: readonly string[] = ['street', 'department'];

/**
 * Scores from the read models, or as they stood at any instant or position (folded from the
 * log from the newest snapshot before it), and a unit's total taken apart into the events and policy it is made of (computed from the log).
 */
@ApiTags('queries: scores')
@ApiBearerAuth()
@ReadYourWrites()
@Controller('cycles/:year')
export class ScoreQueries {
  constructor(private readonly queries: QueryBus) {}

  @Get('scoreboard')
  @Roles(...READERS)
  @ApiQuery({ name: 'kind', required: false, enum: KINDS })
  @AsOfQueries()
  @EffectiveOnQuery()
  board(
    @Param('year', YearPipe) year: number,
    @Query('kind') kind?: string,
    @Query('asOf', InstantPipe) instant?: string,
    @Query('atPosition', PositionPipe) position?: string,
    @Query('effectiveOn', BusinessDatePipe) effectiveOn?: string,
  ) {
    if (kind !== undefined && !KINDS.includes(kind)) {
      throw new ApiError(400, 'INVALID_KIND', 'kind must be "street" or "department".');
    }
    const asOf = pastPoint(instant, position, effectiveOn);
    return this.queries.execute(
      new ReadQuery({ read: 'scoreboard', year, kind: kind as UnitKind | undefined, asOf }),
    );
  }

  @Get('units/:unitId/score')
  @Roles(...READERS, 'unit-leader')
  @AsOfQueries()
  @EffectiveOnQuery()
  @ApiQuery({
    name: 'entriesAfter',
    required: false,
    description:
      'a page of entries: those after this revision of the unit scorecard (a page answers the next as entriesNext)',
  })
  @ApiQuery({ name: 'entriesLimit', required: false, description: '1 to 1000 entries a page (default 100)' })
  async score(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('asOf', InstantPipe) instant?: string,
    @Query('atPosition', PositionPipe) position?: string,
    @Query('effectiveOn', BusinessDatePipe) effectiveOn?: string,
    @Query('entriesAfter', RevisionCursorPipe) entriesAfter?: number,
    @Query('entriesLimit', new OptionalLimitPipe(1000)) entriesLimit?: number,
  ) {
    const asOf = pastPoint(instant, position, effectiveOn);
    const paged = entriesAfter !== undefined || entriesLimit !== undefined;
    if (paged && asOf) {
      throw new ApiError(
        400,
        'AS_OF_CONFLICT',
        'Entries are paged as they stand now; ask a past point without entriesAfter and entriesLimit.',
      );
    }
    const entries = paged ? { after: entriesAfter, limit: entriesLimit ?? 100 } : undefined;
    const answer: { entriesNext?: number | null } = await this.queries.execute(
      new ReadQuery({ read: 'unit-score', year, unitId, asOf, entries }),
    );
    if (entries && answer.entriesNext != null)
      linkNextPage(request, response, {
        entriesAfter: String(answer.entriesNext),
        entriesLimit: String(entries.limit),
      });
    return answer;
  }

  @Get('units/:unitId/score/explain')
  @Roles(...READERS, 'unit-leader')
  @ApiQuery({ name: 'asOf', required: false, description: 'an ISO 8601 instant: the total as it stood then' })
  @ApiQuery({
    name: 'atPosition',
    required: false,
    description: 'a log position: the total as it stood right after it (default: the head of the log)',
  })
  explain(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Query('asOf', InstantPipe) instant?: string,
    @Query('atPosition', PositionPipe) position?: string,
  ) {
    const asOf = instant === undefined && position === undefined ? undefined : { instant, position };
    return this.queries.execute(new ReadQuery({ read: 'score-explanation', year, unitId, asOf }));
  }

  /** Every target of the cycle across the units: what each reported, judged under the threshold in force. */
  @Get('targets')
  @Roles(...READERS)
  @AsOfQueries()
  @EffectiveOnQuery()
  targets(
    @Param('year', YearPipe) year: number,
    @Query('asOf', InstantPipe) instant?: string,
    @Query('atPosition', PositionPipe) position?: string,
    @Query('effectiveOn', BusinessDatePipe) effectiveOn?: string,
  ) {
    const asOf = pastPoint(instant, position, effectiveOn);
    return this.queries.execute(new ReadQuery({ read: 'targets', year, asOf }));
  }

  @Get('units/:unitId/items')
  @Roles(...READERS, 'unit-leader')
  @AsOfQueries()
  @EffectiveOnQuery()
  items(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Query('asOf', InstantPipe) instant?: string,
    @Query('atPosition', PositionPipe) position?: string,
    @Query('effectiveOn', BusinessDatePipe) effectiveOn?: string,
  ) {
    const asOf = pastPoint(instant, position, effectiveOn);
    return this.queries.execute(new ReadQuery({ read: 'unit-items', year, unitId, asOf }));
  }
}
