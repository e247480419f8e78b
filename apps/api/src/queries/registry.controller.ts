import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ReadQuery } from '@ledger/ledger/nest';
import { Roles } from '../auth/roles.decorator';
import { SlugPipe, YearPipe } from '../params';
import { READERS } from './readers';
import { ReadYourWrites } from './read-your-writes.interceptor';

/** What a cycle and the units are now: what a client names things by and builds its forms from. */
@ApiTags('queries: registry')
@ApiBearerAuth()
@ReadYourWrites()
@Controller()
export class RegistryQueries {
  constructor(private readonly queries: QueryBus) {}

  @Get('cycles/:year')
  @Roles(...READERS, 'unit-leader')
  cycle(@Param('year', YearPipe) year: number) {
    return this.queries.execute(new ReadQuery({ read: 'cycle', year }));
  }

  @Get('units')
  @Roles(...READERS)
  units() {
    return this.queries.execute(new ReadQuery({ read: 'units' }));
  }

  @Get('units/:unitId')
  @Roles(...READERS, 'unit-leader')
  unit(@Param('unitId', SlugPipe) unitId: string) {
    return this.queries.execute(new ReadQuery({ read: 'unit', unitId }));
  }
}
