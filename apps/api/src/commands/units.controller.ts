import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { SlugPipe } from '../params';
import { CommandGateway } from './command-gateway';
import { CommandRequest, Issued } from './command-request';
import { AppointLeaderDto, ReasonDto, RegisterUnitDto } from './dto';
import { ETagInterceptor } from './etag.interceptor';

/** Units and their principal leaders. Supervisors. */
@ApiTags('commands: units')
@ApiBearerAuth()
@Roles('supervisor')
@UseInterceptors(ETagInterceptor)
@Controller('units')
export class UnitsController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post()
  register(@Body() body: RegisterUnitDto, @Issued() request: CommandRequest) {
    return this.gateway.send({ type: 'RegisterUnit', data: { ...body } }, request);
  }

  @Post(':unitId/leader')
  appoint(
    @Param('unitId', SlugPipe) unitId: string,
    @Body() body: AppointLeaderDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send({ type: 'AppointLeader', data: { unitId, ...body } }, request);
  }

  @Post(':unitId/leader/departure')
  depart(
    @Param('unitId', SlugPipe) unitId: string,
    @Body() body: ReasonDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send({ type: 'DepartLeader', data: { unitId, reason: body.reason } }, request);
  }
}
