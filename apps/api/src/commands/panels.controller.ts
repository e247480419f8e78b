import { Body, Param, Post } from '@nestjs/common';
import { SlugPipe, YearPipe } from '../params';
import { CommandGateway } from './command-gateway';
import { CommandRequest, Issued } from './command-request';
import { ConvenePanelDto, EmptyDto, PanelScoreDto } from './dto';
import { CommandController } from './command-controller.decorator';

/** On-site public scoring panels (實地亮分): convene, members score units, close with results. Supervisors. */
@CommandController('panels', '')
export class PanelsController {
  constructor(private readonly gateway: CommandGateway) {}

  @Post('cycles/:year/panels')
  convene(
    @Param('year', YearPipe) year: number,
    @Body() body: ConvenePanelDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send({ type: 'ConvenePanel', data: { year, ...body } }, request);
  }

  @Post('panels/:panelId/scores')
  score(
    @Param('panelId', SlugPipe) panelId: string,
    @Body() body: PanelScoreDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send({ type: 'SubmitPanelScore', data: { panelId, ...body } }, request);
  }

  @Post('panels/:panelId/close')
  close(
    @Param('panelId', SlugPipe) panelId: string,
    @Body() _body: EmptyDto,
    @Issued() request: CommandRequest,
  ) {
    return this.gateway.send({ type: 'ClosePanel', data: { panelId } }, request);
  }
}
