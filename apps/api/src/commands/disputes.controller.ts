import { Body, Param, Post } from '@nestjs/common';
import { Principal, Roles } from '../auth/roles.decorator';
import type { Principal as KeyHolder } from '@ledger/ledger';
import { ApiError } from '../errors/api-error';
import { ComposedIdPipe } from '../params';
import { CommandGateway } from './command-gateway';
import { CommandRequest, Issued } from './command-request';
import { FileDisputeDto, ResolveDisputeDto } from './dto';
import { CommandController } from './command-controller.decorator';

/** Disputes: a supervisor or the unit's own leader files one; a reviewer resolves it. */
@CommandController('disputes', 'disputes', [])
export class DisputesController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post()
  @Roles('supervisor', 'unit-leader')
  async file(
    @Body() body: FileDisputeDto,
    @Principal() principal: KeyHolder,
    @Issued() request: CommandRequest,
  ) {
    if (principal.role === 'unit-leader' && principal.unitId !== body.unitId) {
      throw new ApiError(403, 'FORBIDDEN', `This key may only file disputes for unit "${principal.unitId}".`);
    }
    const answer = await this.gateway.send({ type: 'FileDispute', data: { ...body } }, request);
    // The dispute's first event carries its id: the disputed event's id and the dispute's number on it.
    return { ...answer, disputeId: answer.eventIds[0] };
  }

  @Post(':disputeId/resolution')
  @Roles('reviewer')
  resolve(
    @Param('disputeId', ComposedIdPipe) disputeId: string,
    @Body() body: ResolveDisputeDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send(
      { type: 'ResolveDispute', data: { disputeId, outcome: body.outcome, reason: body.reason } },
      request,
    );
  }
}
