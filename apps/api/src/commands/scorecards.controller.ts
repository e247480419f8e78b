import { randomUUID } from 'node:crypto';
import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { SlugPipe, YearPipe } from '../params';
import { CommandGateway } from './command-gateway';
import { ReportMetricDto, RulingDto, ScoreEntryDto } from './dto';

/** A unit's scorecard in a cycle: awards, deductions, metrics, rulings. Supervisors. */
@ApiTags('commands: scorecards')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('cycles/:year/units/:unitId')
export class ScorecardsController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post('awards')
  award(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Body() body: ScoreEntryDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.gateway.send({ type: 'AwardPoints', data: { year, unitId, entryId: randomUUID(), ...body } }, req, res);
  }

  @Post('deductions')
  deduct(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Body() body: ScoreEntryDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.gateway.send({ type: 'DeductPoints', data: { year, unitId, entryId: randomUUID(), ...body } }, req, res);
  }

  @Post('metrics')
  report(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Body() body: ReportMetricDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.gateway.send({ type: 'ReportMetric', data: { year, unitId, ...body } }, req, res);
  }

  @Post('rulings')
  rule(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Body() body: RulingDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.gateway.send({ type: 'RuleBasicRequirement', data: { year, unitId, rulingId: randomUUID(), ...body } }, req, res);
  }
}
