import { Body, Param, Post } from '@nestjs/common';
import { SlugPipe, YearPipe } from '../params';
import { CommandGateway } from './command-gateway';
import { CommandRequest, Issued } from './command-request';
import {
  AmendPolicyDto,
  BonusBaseDto,
  ChangeThresholdDto,
  ChangeTrackDto,
  DefineItemDto,
  OpenCycleDto,
  ReasonDto,
} from './dto';
import { CommandController } from './command-controller.decorator';

/** Cycles: policy, items and their targets, bonus bases, close. Supervisors. */
@CommandController('cycles', 'cycles')
export class CyclesController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post()
  open(@Body() body: OpenCycleDto, @Issued() request: CommandRequest) {
    return this.gateway.send({ type: 'OpenCycle', data: { year: body.year, policy: body.policy } }, request);
  }

  @Post(':year/policy')
  amend(
    @Param('year', YearPipe) year: number,
    @Body() body: AmendPolicyDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send(
      { type: 'AmendPolicy', data: { year, changes: body.changes, reason: body.reason } },
      request,
    );
  }

  @Post(':year/close')
  close(@Param('year', YearPipe) year: number, @Body() body: ReasonDto, @Issued() request: CommandRequest) {
    return this.gateway.send({ type: 'CloseCycle', data: { year, reason: body.reason } }, request);
  }

  @Post(':year/items')
  defineItem(
    @Param('year', YearPipe) year: number,
    @Body() body: DefineItemDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send({ type: 'DefineItem', data: { year, ...body } }, request);
  }

  @Post(':year/items/:itemId/track')
  changeTrack(
    @Param('year', YearPipe) year: number,
    @Param('itemId', SlugPipe) itemId: string,
    @Body() body: ChangeTrackDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send(
      { type: 'ChangeItemTrack', data: { year, itemId, track: body.track, reason: body.reason } },
      request,
    );
  }

  @Post(':year/items/:itemId/targets/:metric')
  changeThreshold(
    @Param('year', YearPipe) year: number,
    @Param('itemId', SlugPipe) itemId: string,
    @Param('metric', SlugPipe) metric: string,
    @Body() body: ChangeThresholdDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send(
      {
        type: 'ChangeTargetThreshold',
        data: { year, itemId, metric, ...body },
      },
      request,
    );
  }

  @Post(':year/items/:itemId/withdraw')
  withdraw(
    @Param('year', YearPipe) year: number,
    @Param('itemId', SlugPipe) itemId: string,
    @Body() body: ReasonDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send({ type: 'WithdrawItem', data: { year, itemId, reason: body.reason } }, request);
  }

  @Post(':year/leaders/:leaderId/bonus-base')
  bonusBase(
    @Param('year', YearPipe) year: number,
    @Param('leaderId', SlugPipe) leaderId: string,
    @Body() body: BonusBaseDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send(
      { type: 'SetLeaderBonusBase', data: { year, leaderId, amount: body.amount } },
      request,
    );
  }
}
