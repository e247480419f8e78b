import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Ledger } from '@ledger/ledger';
import { Public } from './auth/roles.decorator';
import { LEDGER } from '@ledger/ledger/nest';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(LEDGER) private readonly ledger: Ledger,
  ) {}

  /** Liveness and readiness: the process answers and its event store is reachable. No key needed. */
  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([
      () =>
        this.indicators
          .check('eventStore')
          .attempt(async () => ({ head: await this.ledger.stores.events.headPosition() }))
          .withTimeout(3000),
    ]);
  }
}
