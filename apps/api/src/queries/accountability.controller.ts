import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Principal as KeyHolder } from '@ledger/ledger';
import { ReadQuery } from '@ledger/ledger/nest';
import { Principal, Roles } from '../auth/roles.decorator';
import { ComposedIdPipe, SlugPipe, YearPipe } from '../params';
import { READERS } from './readers';
import { ReadYourWrites } from './read-your-writes.interceptor';

/** Leadership accountability, its cases, the disputes and the panels of a cycle. */
@ApiTags('queries: accountability')
@ApiBearerAuth()
@ReadYourWrites()
@Roles(...READERS)
@Controller()
export class AccountabilityQueries {
  constructor(private readonly queries: QueryBus) {}

  @Get('cycles/:year/accountability')
  accountability(@Param('year', YearPipe) year: number) {
    return this.queries.execute(new ReadQuery({ read: 'accountability', year }));
  }

  @Get('cycles/:year/cases')
  cases(@Param('year', YearPipe) year: number) {
    return this.queries.execute(new ReadQuery({ read: 'cases', year }));
  }

  @Get('cases/:caseId')
  case(@Param('caseId', ComposedIdPipe) caseId: string) {
    return this.queries.execute(new ReadQuery({ read: 'case', caseId }));
  }

  /** A unit leader sees the disputes of its own unit only. */
  @Get('cycles/:year/disputes')
  @Roles(...READERS, 'unit-leader')
  disputes(@Param('year', YearPipe) year: number, @Principal() principal: KeyHolder) {
    const unitId = principal.role === 'unit-leader' ? principal.unitId! : undefined;
    return this.queries.execute(new ReadQuery({ read: 'disputes', year, unitId }));
  }

  @Get('cycles/:year/panels/:panelId')
  panel(@Param('year', YearPipe) year: number, @Param('panelId', SlugPipe) panelId: string) {
    return this.queries.execute(new ReadQuery({ read: 'panel', year, panelId }));
  }
}
