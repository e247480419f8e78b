import { Body, Param, Post } from '@nestjs/common';
import { ComposedIdPipe } from '../params';
import { CommandGateway } from './command-gateway';
import { CommandRequest, Issued } from './command-request';
import { ImposeSanctionDto } from './dto';
import { CommandController } from './command-controller.decorator';

/** Accountability cases opened by unmet X rulings: a supervisor imposes a rung of the ladder. */
@CommandController('accountability', 'cases')
export class AccountabilityController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':caseId/sanction')
  sanction(
    @Param('caseId', ComposedIdPipe) caseId: string,
    @Body() body: ImposeSanctionDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send(
      {
        type: 'ImposeSanction',
        data: { caseId, sanctionId: request.newId(), ...body },
      },
      request,
    );
  }
}
