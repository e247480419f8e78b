import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ReadQuery } from '@ledger/ledger/nest';
import { Roles } from '../auth/roles.decorator';
import { LimitPipe, PositionPipe, SlugPipe, YearPipe } from '../params';
import { ReadYourWrites } from './read-your-writes.interceptor';

/** What auditors need: a unit's history with running totals, the raw log, its verification, the projections' lag. */
@ApiTags('queries: audit')
@ApiBearerAuth()
@Controller()
export class AuditQueries {
  constructor(private readonly queries: QueryBus) {}

  @Get('cycles/:year/units/:unitId/history')
  @Roles('auditor', 'supervisor', 'unit-leader')
  @ReadYourWrites()
  history(@Param('year', YearPipe) year: number, @Param('unitId', SlugPipe) unitId: string) {
    return this.queries.execute(new ReadQuery({ read: 'history', year, unitId }));
  }

  @Get('events')
  @Roles('auditor')
  @ApiQuery({ name: 'after', required: false, description: 'a log position: only events after it' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  events(
    @Query('after', PositionPipe) after: string | undefined,
    @Query('limit', new LimitPipe(100, 1000)) limit: number,
  ) {
    return this.queries.execute(new ReadQuery({ read: 'events', after, limit }));
  }

  @Get('audit/verify')
  @Roles('auditor')
  verify() {
    return this.queries.execute(new ReadQuery({ read: 'verification' }));
  }

  @Get('projections')
  @Roles('auditor')
  projections() {
    return this.queries.execute(new ReadQuery({ read: 'projections' }));
  }
}
