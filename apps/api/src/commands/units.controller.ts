import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { SlugPipe } from '../params';
import { CommandGateway } from './command-gateway';
import { AppointLeaderDto, ReasonDto, RegisterUnitDto } from './dto';

/** Units and their principal leaders. Supervisors. */
@ApiTags('commands: units')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('units')
export class UnitsController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post()
  register(@Body() body: RegisterUnitDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    return this.gateway.send({ type: 'RegisterUnit', data: { ...body } }, req, res);
  }

  @Post(':unitId/leader')
  appoint(@Param('unitId', SlugPipe) unitId: string, @Body() body: AppointLeaderDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    return this.gateway.send({ type: 'AppointLeader', data: { unitId, ...body } }, req, res);
  }

  @Post(':unitId/leader/departure')
  depart(@Param('unitId', SlugPipe) unitId: string, @Body() body: ReasonDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    return this.gateway.send({ type: 'DepartLeader', data: { unitId, reason: body.reason } }, req, res);
  }
}
