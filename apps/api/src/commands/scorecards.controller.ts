import { Body, Param, Post } from '@nestjs/common';
import { SlugPipe, YearPipe } from '../params';
import { CommandGateway } from './command-gateway';
import { CommandRequest, Issued } from './command-request';
import { ReportMetricDto, RulingDto, ScoreEntryDto } from './dto';
import { CommandController } from './command-controller.decorator';

/** A unit's scorecard in a cycle: awards, deductions, metrics, rulings. Supervisors. */
@CommandController('scorecards', 'cycles/:year/units/:unitId')
export class ScorecardsController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post('awards')
  award(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Body() body: ScoreEntryDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send(
      { type: 'AwardPoints', data: { year, unitId, entryId: request.newId(), ...body } },
      request,
    );
  }

  @Post('deductions')
  deduct(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Body() body: ScoreEntryDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send(
      { type: 'DeductPoints', data: { year, unitId, entryId: request.newId(), ...body } },
      request,
    );
  }

  @Post('metrics')
  report(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Body() body: ReportMetricDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send({ type: 'ReportMetric', data: { year, unitId, ...body } }, request);
  }

  @Post('rulings')
  rule(
    @Param('year', YearPipe) year: number,
    @Param('unitId', SlugPipe) unitId: string,
    @Body() body: RulingDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send(
      { type: 'RuleBasicRequirement', data: { year, unitId, rulingId: request.newId(), ...body } },
      request,
    );
  }
}
