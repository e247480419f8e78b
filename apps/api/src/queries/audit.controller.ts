import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { Request, Response } from 'express';
import { StoredEvent } from '@ledger/event-store';
import { HistoryRow } from '@ledger/projections';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ReadQuery } from '@ledger/ledger/nest';
import { Roles } from '../auth/roles.decorator';
import { LimitPipe, OptionalLimitPipe, PositionPipe, SlugPipe, YearPipe } from '../params';
import { afterLastPosition, linkNextPage } from './next-page';
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
  @ApiQuery({ name: 'after', required: false, description: 'a log position: only rows after it' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000; absent, the whole history' })
  async history(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Query('after', PositionPipe) after: string | undefined,
    @Query('limit', new OptionalLimitPipe(1000)) limit: number | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<HistoryRow[]> {
    const rows: HistoryRow[] = await this.queries.execute(
      new ReadQuery({ read: 'history', year, unitId, after, limit }),
    );
    linkNextPage(request, response, afterLastPosition(rows, limit));
    return rows;
  }

  @Get('events')
  @Roles('auditor')
  @ApiQuery({ name: 'after', required: false, description: 'a log position: only events after it' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  async events(
    @Query('after', PositionPipe) after: string | undefined,
    @Query('limit', new LimitPipe(100, 1000)) limit: number,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StoredEvent[]> {
    const events: StoredEvent[] = await this.queries.execute(new ReadQuery({ read: 'events', after, limit }));
    linkNextPage(request, response, afterLastPosition(events, limit));
    return events;
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
