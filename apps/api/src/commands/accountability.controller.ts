import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { SlugPipe } from '../params';
import { CommandGateway } from './command-gateway';
import { CommandRequest, Issued } from './command-request';
import { ImposeSanctionDto } from './dto';
import { ETagInterceptor } from './etag.interceptor';

/** Accountability cases opened by unmet X rulings: a supervisor imposes a rung of the ladder. */
@ApiTags('commands: accountability')
@ApiBearerAuth()
@Roles('supervisor')
@UseInterceptors(ETagInterceptor)
@Controller('cases')
export class AccountabilityController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post(':caseId/sanction')
  sanction(
    @Param('caseId', SlugPipe) caseId: string,
    @Body() body: ImposeSanctionDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send(
      {
        type: 'ImposeSanction',
        data: { caseId, sanctionId: request.newId(), sanction: body.sanction, reason: body.reason },
      },
      request,
    );
  }
}
