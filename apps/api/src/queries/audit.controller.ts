import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Ledger } from '@ledger/ledger';
import { historyOf } from '@ledger/projections';
import { Roles } from '../auth/roles.decorator';
import { LEDGER } from '../ledger.token';
import { LimitPipe, PositionPipe, SlugPipe, YearPipe } from '../params';
import { ReadYourWrites } from './read-your-writes.interceptor';

/** What auditors need: a unit's history with running totals, the raw log, its verification, the projections' lag. */
@ApiTags('queries: audit')
@ApiBearerAuth()
@Controller()
export class AuditQueries {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  @Get('cycles/:year/units/:unitId/history')
  @Roles('auditor', 'supervisor', 'unit-leader')
  @ReadYourWrites()
  history(@Param('year', YearPipe) year: number, @Param('unitId', SlugPipe) unitId: string) {
    return historyOf(this.ledger.reader, year, unitId);
  }

  @Get('events')
  @Roles('auditor')
  @ApiQuery({ name: 'after', required: false, description: 'a log position: only events after it' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  events(
    @Query('after', PositionPipe) after?: string,
    @Query('limit', new LimitPipe(100, 1000)) limit?: number,
  ) {
    return this.ledger.stores.events.readAll({ after, limit });
  }

  @Get('audit/verify')
  @Roles('auditor')
  verify() {
    return this.ledger.stores.events.verify();
  }

  @Get('projections')
  @Roles('auditor')
  projections() {
    return this.ledger.projections.status();
  }
}
