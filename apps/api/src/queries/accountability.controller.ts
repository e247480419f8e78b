import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Principal as KeyHolder } from '@ledger/ledger';
import { ReadQuery } from '@ledger/ledger/nest';
import { Principal, Roles } from '../auth/roles.decorator';
import { BusinessDatePipe, ComposedIdPipe, InstantPipe, PositionPipe, SlugPipe, YearPipe } from '../params';
import { AsOfQueries, EffectiveOnQuery, pastPoint } from './as-of.params';
import { READERS } from './readers';
import { ReadYourWrites } from './read-your-writes.interceptor';

/** Leadership accountability, its cases, the disputes and the panels of a cycle: now, or as they stood at a past point. */
@ApiTags('queries: accountability')
@ApiBearerAuth()
@ReadYourWrites()
@Roles(...READERS)
@Controller()
export class AccountabilityQueries {
  constructor(private readonly queries: QueryBus) {}

  @Get('cycles/:year/accountability')
  @AsOfQueries()
  @EffectiveOnQuery()
  accountability(
    @Param('year', YearPipe) year: number,
    @Query('asOf', InstantPipe) instant?: string,
    @Query('atPosition', PositionPipe) position?: string,
    @Query('effectiveOn', BusinessDatePipe) effectiveOn?: string,
  ) {
    const asOf = pastPoint(instant, position, effectiveOn);
    return this.queries.execute(new ReadQuery({ read: 'accountability', year, asOf }));
  }

  @Get('cycles/:year/cases')
  @AsOfQueries()
  @EffectiveOnQuery()
  cases(
    @Param('year', YearPipe) year: number,
    @Query('asOf', InstantPipe) instant?: string,
    @Query('atPosition', PositionPipe) position?: string,
    @Query('effectiveOn', BusinessDatePipe) effectiveOn?: string,
  ) {
    const asOf = pastPoint(instant, position, effectiveOn);
    return this.queries.execute(new ReadQuery({ read: 'cases', year, asOf }));
  }

  @Get('cases/:caseId')
  @AsOfQueries()
  case(
    @Param('caseId', ComposedIdPipe) caseId: string,
    @Query('asOf', InstantPipe) instant?: string,
    @Query('atPosition', PositionPipe) position?: string,
  ) {
    const asOf = pastPoint(instant, position);
    return this.queries.execute(new ReadQuery({ read: 'case', caseId, asOf }));
  }

  /** A unit leader sees the disputes of its own unit only. */
  @Get('cycles/:year/disputes')
  @Roles(...READERS, 'unit-leader')
  @AsOfQueries()
  disputes(
    @Param('year', YearPipe) year: number,
    @Principal() principal: KeyHolder,
    @Query('asOf', InstantPipe) instant?: string,
    @Query('atPosition', PositionPipe) position?: string,
  ) {
    const unitId = principal.role === 'unit-leader' ? principal.unitId! : undefined;
    const asOf = pastPoint(instant, position);
    return this.queries.execute(new ReadQuery({ read: 'disputes', year, unitId, asOf }));
  }

  @Get('cycles/:year/panels')
  @AsOfQueries()
  panels(
    @Param('year', YearPipe) year: number,
    @Query('asOf', InstantPipe) instant?: string,
    @Query('atPosition', PositionPipe) position?: string,
  ) {
    const asOf = pastPoint(instant, position);
    return this.queries.execute(new ReadQuery({ read: 'panels', year, asOf }));
  }

  @Get('cycles/:year/panels/:panelId')
  @AsOfQueries()
  panel(
    @Param('year', YearPipe) year: number,
    @Param('panelId', SlugPipe) panelId: string,
    @Query('asOf', InstantPipe) instant?: string,
    @Query('atPosition', PositionPipe) position?: string,
  ) {
    const asOf = pastPoint(instant, position);
    return this.queries.execute(new ReadQuery({ read: 'panel', year, panelId, asOf }));
  }
}
