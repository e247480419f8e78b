import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Ledger } from '@ledger/ledger';
import { accountabilityOf, caseById, casesOf, disputesOf, panelOf } from '@ledger/projections';
import { Principal, Roles } from '../auth/roles.decorator';
import type { Principal as KeyHolder } from '@ledger/ledger';
import { LEDGER } from '../ledger.token';
import { SlugPipe, YearPipe } from '../params';
import { READERS } from './readers';
import { ReadYourWrites } from './read-your-writes.interceptor';

/** Leadership accountability, its cases, the disputes and the panels of a cycle. */
@ApiTags('queries: accountability')
@ApiBearerAuth()
@ReadYourWrites()
@Roles(...READERS)
@Controller()
export class AccountabilityQueries {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  @Get('cycles/:year/accountability')
  accountability(@Param('year', YearPipe) year: number) {
    return accountabilityOf(this.ledger.reader, year);
  }

  @Get('cycles/:year/cases')
  cases(@Param('year', YearPipe) year: number) {
    return casesOf(this.ledger.reader, year);
  }

  @Get('cases/:caseId')
  case(@Param('caseId', SlugPipe) caseId: string) {
    return caseById(this.ledger.reader, caseId);
  }

  /** A unit leader sees the disputes of its own unit only. */
  @Get('cycles/:year/disputes')
  @Roles(...READERS, 'unit-leader')
  disputes(@Param('year', YearPipe) year: number, @Principal() principal: KeyHolder) {
    return disputesOf(
      this.ledger.reader,
      year,
      principal.role === 'unit-leader' ? principal.unitId! : undefined,
    );
  }

  @Get('cycles/:year/panels/:panelId')
  panel(@Param('year', YearPipe) year: number, @Param('panelId', SlugPipe) panelId: string) {
    return panelOf(this.ledger.reader, year, panelId);
  }
}
