import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ReadQuery } from '@ledger/ledger/nest';
import { Roles } from '../auth/roles.decorator';
import { ComposedIdPipe, LimitPipe, TreeSizePipe } from '../params';

/**
 * Tamper evidence that does not trust the database (docs/audit.md): the key that signs the
 * log's checkpoints, the checkpoints, and the proofs that tie an event, or an older
 * checkpoint, to a signed tree head.
 */
@ApiTags('queries: checkpoints and proofs')
@ApiBearerAuth()
@Controller()
export class CheckpointQueries {
  constructor(private readonly queries: QueryBus) {}

  @Get('checkpoints/key')
  @Roles('auditor', 'analyst', 'unit-leader')
  key() {
    return this.queries.execute(new ReadQuery({ read: 'checkpoint-key' }));
  }

  @Get('checkpoints/latest')
  @Roles('auditor', 'analyst', 'unit-leader')
  latest() {
    return this.queries.execute(new ReadQuery({ read: 'latest-checkpoint' }));
  }

  @Get('checkpoints/consistency')
  @Roles('auditor')
  @ApiQuery({ name: 'from', description: 'the older tree size' })
  @ApiQuery({ name: 'to', description: 'the newer tree size' })
  consistency(
    @Query('from', new TreeSizePipe(true)) from: number,
    @Query('to', new TreeSizePipe(true)) to: number,
  ) {
    return this.queries.execute(new ReadQuery({ read: 'consistency', from, to }));
  }

  @Get('checkpoints')
  @Roles('auditor')
  @ApiQuery({ name: 'from', required: false, description: 'the smallest tree size, default 0' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  list(
    @Query('from', TreeSizePipe) from: number | undefined,
    @Query('limit', new LimitPipe(100, 1000)) limit: number,
  ) {
    return this.queries.execute(new ReadQuery({ read: 'checkpoints', from: from ?? 0, limit }));
  }

  @Get('events/:eventId/proof')
  @Roles('auditor')
  @ApiQuery({
    name: 'treeSize',
    required: false,
    description: 'a signed checkpoint’s size; the latest when absent',
  })
  proof(
    @Param('eventId', ComposedIdPipe) eventId: string,
    @Query('treeSize', TreeSizePipe) treeSize: number | undefined,
  ) {
    return this.queries.execute(new ReadQuery({ read: 'event-proof', eventId, treeSize }));
  }
}
