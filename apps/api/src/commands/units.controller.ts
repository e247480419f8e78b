import { Body, Param, Post } from '@nestjs/common';
import { SlugPipe } from '../params';
import { CommandGateway } from './command-gateway';
import { CommandRequest, Issued } from './command-request';
import { AppointLeaderDto, ReasonDto, RegisterUnitDto } from './dto';
import { CommandController } from './command-controller.decorator';

/** Units and their principal leaders. Supervisors. */
@CommandController('units', 'units')
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
