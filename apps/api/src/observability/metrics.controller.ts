import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Roles } from '../auth/roles.decorator';
import { LedgerMetrics } from './ledger-metrics';

/**
 * Prometheus's scrape: for auditor keys (and admin), sent as a Bearer token as Prometheus
 * sends one (`authorization: { credentials_file: ... }`). They show how busy and how far
 * behind the ledger is, never what it holds, but an auditor key is the one that may already
 * read everything this could tell.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get()
  @Roles('auditor')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiProduces(Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The Prometheus text exposition format' })
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
