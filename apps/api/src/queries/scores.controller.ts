import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { UnitKind } from '@ledger/domain';
import type { Ledger } from '@ledger/ledger';
import { scoreboard, unitAsOf, unitItems, unitScoreOf } from '@ledger/projections';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../errors/api-error';
import { LEDGER } from '../ledger.token';
import { InstantPipe, PositionPipe, SlugPipe, YearPipe } from '../params';
import { READERS } from './readers';
import { ReadYourWrites } from './read-your-writes.interceptor';

const KINDS: readonly string[] = ['street', 'department'];

/** Scores from the read models, and a unit's score replayed as it stood at any instant or position. */
@ApiTags('queries: scores')
@ApiBearerAuth()
@ReadYourWrites()
@Controller('cycles/:year')
export class ScoreQueries {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  @Get('scoreboard')
  @Roles(...READERS)
  @ApiQuery({ name: 'kind', required: false, enum: KINDS })
  board(@Param('year', YearPipe) year: number, @Query('kind') kind?: string) {
    if (kind !== undefined && !KINDS.includes(kind))
      throw new ApiError(400, 'INVALID_KIND', 'kind must be "street" or "department".');
    return scoreboard(this.ledger.reader, year, kind as UnitKind | undefined);
  }

  @Get('units/:unitId/score')
  @Roles(...READERS, 'unit-leader')
  @ApiQuery({ name: 'asOf', required: false, description: 'an ISO 8601 instant: the score as it stood then' })
  @ApiQuery({
    name: 'atPosition',
    required: false,
    description: 'a log position: the score as it stood right after it',
  })
  async score(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Query('asOf', InstantPipe) asOf?: string,
    @Query('atPosition', PositionPipe) atPosition?: string,
  ) {
    if (asOf === undefined && atPosition === undefined) return unitScoreOf(this.ledger.reader, year, unitId);
    return (await unitAsOf(this.ledger.stores.events, year, unitId, { instant: asOf, position: atPosition }))
      .score;
  }

  @Get('units/:unitId/items')
  @Roles(...READERS, 'unit-leader')
  items(@Param('year', YearPipe) year: number, @Param('unitId', SlugPipe) unitId: string) {
    return unitItems(this.ledger.reader, year, unitId);
  }
}
