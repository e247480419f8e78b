import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { SlugPipe, YearPipe } from '../params';
import { CommandGateway } from './command-gateway';
import { AmendPolicyDto, BonusBaseDto, ChangeThresholdDto, ChangeTrackDto, DefineItemDto, OpenCycleDto, ReasonDto } from './dto';

/** Cycles: policy, items and their targets, bonus bases, close. Supervisors. */
@ApiTags('commands: cycles')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('cycles')
export class CyclesController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post()
  @HttpCode(201)
  open(@Body() body: OpenCycleDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    return this.gateway.send({ type: 'OpenCycle', data: { year: body.year, policy: body.policy } }, req, res);
  }

  @Post(':year/policy')
  amend(@Param('year', YearPipe) year: number, @Body() body: AmendPolicyDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    return this.gateway.send({ type: 'AmendPolicy', data: { year, changes: body.changes, reason: body.reason } }, req, res);
  }

  @Post(':year/close')
  close(@Param('year', YearPipe) year: number, @Body() body: ReasonDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    return this.gateway.send({ type: 'CloseCycle', data: { year, reason: body.reason } }, req, res);
  }

  @Post(':year/items')
  defineItem(@Param('year', YearPipe) year: number, @Body() body: DefineItemDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    return this.gateway.send({ type: 'DefineItem', data: { year, ...body } }, req, res);
  }

  @Post(':year/items/:itemId/track')
  changeTrack(
    @Param('year', YearPipe) year: number,
    @Param('itemId', SlugPipe) itemId: string,
    @Body() body: ChangeTrackDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.gateway.send({ type: 'ChangeItemTrack', data: { year, itemId, track: body.track, reason: body.reason } }, req, res);
  }

  @Post(':year/items/:itemId/targets/:metric')
  changeThreshold(
    @Param('year', YearPipe) year: number,
    @Param('itemId', SlugPipe) itemId: string,
    @Param('metric', SlugPipe) metric: string,
    @Body() body: ChangeThresholdDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.gateway.send({ type: 'ChangeTargetThreshold', data: { year, itemId, metric, threshold: body.threshold, reason: body.reason } }, req, res);
  }

  @Post(':year/items/:itemId/withdraw')
  withdraw(
    @Param('year', YearPipe) year: number,
    @Param('itemId', SlugPipe) itemId: string,
    @Body() body: ReasonDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.gateway.send({ type: 'WithdrawItem', data: { year, itemId, reason: body.reason } }, req, res);
  }

  @Post(':year/leaders/:leaderId/bonus-base')
  bonusBase(
    @Param('year', YearPipe) year: number,
    @Param('leaderId', SlugPipe) leaderId: string,
    @Body() body: BonusBaseDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.gateway.send({ type: 'SetLeaderBonusBase', data: { year, leaderId, amount: body.amount } }, req, res);
  }
}
