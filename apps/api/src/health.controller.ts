import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Ledger } from '@ledger/ledger';
import { storeFailureOf } from '@ledger/event-store';
import { Public } from './auth/roles.decorator';
import { LEDGER } from '@ledger/ledger/nest';
import { ApiError } from './errors/api-error';

const describe = (error: Error | undefined): string | null =>
  error ? (storeFailureOf(error)?.message ?? error.message) : null;

/**
 * Liveness and readiness, no key needed: whether the store answers reads, whether it takes
 * writes (a full disk fails writes while reads work), and whether the read models and the
 * reactions are keeping up. Any of them down: 503 with the code of what is down and each
 * dependency's state in `details`.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(LEDGER) private readonly ledger: Ledger,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  async check() {
    try {
      return await this.health.check([
        () =>
          this.indicators
            .check('eventStore')
            .attempt(async () => ({ head: await this.ledger.stores.events.headPosition() }))
            .withTimeout(3000),
        async () => {
          const writes = await this.ledger.writeStatus();
          const indicator = this.indicators.check('writes');
          return writes.ok ? indicator.up() : indicator.down({ ...writes });
        },
        () => this.follower('projections', this.ledger.projections.lastError),
        () => this.follower('reactions', this.ledger.reactions.lastError),
        () => this.follower('merkleTree', this.ledger.tree.lastError),
        () => this.follower('checkpoints', this.ledger.checkpoints?.lastError),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const details = (error.getResponse() as { details?: Record<string, { status: string }> }).details ?? {};
      const down = Object.keys(details).filter((name) => details[name]!.status !== 'up');
      const code = down.includes('eventStore')
        ? 'STORE_UNAVAILABLE'
        : down.includes('writes')
          ? (this.ledger.writes.current.code ?? 'STORE_UNAVAILABLE')
          : 'FOLLOWER_FAILING';
      throw new ApiError(
        503,
        code,
        `Not ready: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} down.`,
        details,
      );
    }
  }

  /** A follower of the log is down while its last attempt failed. */
  private follower(name: string, lastError: Error | undefined) {
    const indicator = this.indicators.check(name);
    return lastError ? indicator.down({ error: describe(lastError) }) : indicator.up();
  }
}
