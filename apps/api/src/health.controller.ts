import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from './ledger-stores.provider';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  /** Liveness and readiness: the process answers and its event store is reachable. */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () =>
        this.indicators
          .check('eventStore')
          .attempt(async () => ({ head: await this.events.headPosition() }))
          .withTimeout(3000),
    ]);
  }
}
