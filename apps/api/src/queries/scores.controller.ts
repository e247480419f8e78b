import { Controller, ForbiddenException, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Ledger } from '@ledger/ledger';
import { scoreboard, unitAsOf, unitItems, unitScoreOf } from '@ledger/projections';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../errors/api-error';
import { LEDGER } from '../ledger.token';
import { SlugPipe, YearPipe } from '../params';

const READERS = ['analyst', 'auditor', 'supervisor', 'reviewer'] as const;

/** Scores from the read models; `minPosition` waits (5 s at most) until they include a command's effect. */
@ApiTags('queries: scores')
@ApiBearerAuth()
@Controller('cycles/:year')
export class ScoresController {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  private async caughtUp(minPosition?: string): Promise<void> {
    if (minPosition === undefined) return;
    if (!/^\d+(\/\d+)?$/.test(minPosition)) throw new ApiError(400, 'INVALID_POSITION', `"${minPosition}" is not a log position.`);
    await this.ledger.projections.waitFor(minPosition, 5000);
  }

  private ownUnitOnly(req: AuthenticatedRequest, unitId: string): void {
    if (req.principal.role === 'unit-leader' && req.principal.unitId !== unitId) {
      throw new ForbiddenException({ statusCode: 403, code: 'FORBIDDEN', message: `This key may only read unit "${req.principal.unitId}".` });
    }
  }

  @Get('scoreboard')
  @Roles(...READERS)
  @ApiQuery({ name: 'kind', required: false, enum: ['street', 'department'] })
  @ApiQuery({ name: 'minPosition', required: false })
  async board(@Param('year', YearPipe) year: number, @Query('kind') kind?: string, @Query('minPosition') minPosition?: string) {
    if (kind !== undefined && kind !== 'street' && kind !== 'department') {
      throw new ApiError(400, 'INVALID_KIND', 'kind must be "street" or "department".');
    }
    await this.caughtUp(minPosition);
    return scoreboard(this.ledger.reader, year, kind);
  }

  @Get('units/:unitId/score')
  @Roles(...READERS, 'unit-leader')
  @ApiQuery({ name: 'asOf', required: false, description: 'an ISO 8601 instant' })
  @ApiQuery({ name: 'atPosition', required: false })
  @ApiQuery({ name: 'minPosition', required: false })
  async score(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Req() req: AuthenticatedRequest,
    @Query('asOf') asOf?: string,
    @Query('atPosition') atPosition?: string,
    @Query('minPosition') minPosition?: string,
  ) {
    this.ownUnitOnly(req, unitId);
    if (asOf !== undefined && Number.isNaN(Date.parse(asOf))) throw new ApiError(400, 'INVALID_INSTANT', `"${asOf}" is not an ISO 8601 instant.`);
    if (atPosition !== undefined && !/^\d+(\/\d+)?$/.test(atPosition)) throw new ApiError(400, 'INVALID_POSITION', `"${atPosition}" is not a log position.`);
    if (asOf !== undefined || atPosition !== undefined) {
      return (await unitAsOf(this.ledger.stores.events, year, unitId, { instant: asOf, position: atPosition })).score;
    }
    await this.caughtUp(minPosition);
    return unitScoreOf(this.ledger.reader, year, unitId);
  }

  @Get('units/:unitId/items')
  @Roles(...READERS, 'unit-leader')
  async items(@Param('year', YearPipe) year: number, @Param('unitId', SlugPipe) unitId: string, @Req() req: AuthenticatedRequest, @Query('minPosition') minPosition?: string) {
    this.ownUnitOnly(req, unitId);
    await this.caughtUp(minPosition);
    return unitItems(this.ledger.reader, year, unitId);
  }
}
