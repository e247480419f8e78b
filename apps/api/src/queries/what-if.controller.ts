import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadQuery } from '@ledger/ledger/nest';
import { Roles } from '../auth/roles.decorator';
import { YearPipe } from '../params';
import { WhatIfDto } from './what-if.dto';

/**
 * The cycle recomputed from its log under another policy or other tracks, beside the recorded
 * standing. A POST because the rules travel in a body; it records nothing, so it answers 200.
 */
@ApiTags('queries: what if')
@ApiBearerAuth()
@Controller('cycles/:year')
export class WhatIfQueries {
  constructor(private readonly queries: QueryBus) {}

  @Post('what-if')
  @HttpCode(200)
  @Roles('analyst', 'supervisor')
  @ApiOkResponse({
    description:
      'per unit the recorded and what-if scores, ranks and the change; per leader the recorded and what-if standing; the entries the other rules would refuse; the cases they would open or not',
  })
  whatIf(@Param('year', YearPipe) year: number, @Body() body: WhatIfDto) {
    const rules = {
      ...(body.policy && { policy: { ...body.policy } }),
      ...(body.tracks && { tracks: { ...body.tracks } }),
    };
    return this.queries.execute(new ReadQuery({ read: 'what-if', year, rules }));
  }
}
