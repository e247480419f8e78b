import { Controller, Get, Param, PipeTransform, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Bound, ReversedBoundsError, boundOf } from '@ledger/projections';
import { ReadQuery } from '@ledger/ledger/nest';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../errors/api-error';
import { BusinessDatePipe, YearPipe } from '../params';
import { ReadYourWrites } from './read-your-writes.interceptor';

/** `from` or `to`: a log position or an ISO 8601 instant, else 400 INVALID_BOUND. */
class BoundPipe implements PipeTransform<string | undefined, Bound | undefined> {
  constructor(private readonly name: string) {}

  transform(value: string | undefined): Bound | undefined {
    if (value === undefined) return undefined;
    const bound = boundOf(value);
    if (bound === undefined) {
      throw new ApiError(
        400,
        'INVALID_BOUND',
        `${this.name} "${value.slice(0, 64)}" is neither a log position (such as 120) nor an ISO 8601 instant (such as 2007-07-05T00:00:00Z).`,
      );
    }
    return bound;
  }
}

/** Which units and leaders moved between two points of a cycle, and by which events (from the log). */
@ApiTags('queries: changes')
@ApiBearerAuth()
@ReadYourWrites()
@Controller('cycles/:year')
export class ChangesQueries {
  constructor(private readonly queries: QueryBus) {}

  @Get('changes')
  @Roles('analyst', 'auditor', 'supervisor')
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'a log position or an ISO 8601 instant (default: the start)',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'a log position or an ISO 8601 instant (default: the head)',
  })
  @ApiQuery({
    name: 'effectiveFrom',
    required: false,
    description:
      'a day of the appraisal year (YYYY-MM-DD): the earlier standing as the appraisal stood on that day',
  })
  @ApiQuery({
    name: 'effectiveTo',
    required: false,
    description:
      'a day of the appraisal year (YYYY-MM-DD): the later standing as the appraisal stood on that day',
  })
  @ApiOkResponse({
    description:
      'per unit whose total or rank moved, before and after with the events that moved it; per leader whose status or withheld % moved, the same',
  })
  async changes(
    @Param('year', YearPipe) year: number,
    @Query('from', new BoundPipe('from')) from?: Bound,
    @Query('to', new BoundPipe('to')) to?: Bound,
    @Query('effectiveFrom', BusinessDatePipe) effectiveFrom?: string,
    @Query('effectiveTo', BusinessDatePipe) effectiveTo?: string,
  ) {
    const days = { from: effectiveFrom, to: effectiveTo };
    try {
      return await this.queries.execute(new ReadQuery({ read: 'changes', year, from, to, days }));
    } catch (error) {
      if (error instanceof ReversedBoundsError) throw new ApiError(400, 'REVERSED_BOUNDS', error.message);
      throw error;
    }
  }
}
