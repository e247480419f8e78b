import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthenticationWithLockOut } from './auth/failed-authentication';
import type { HttpSettings } from './http-settings';
import { HTTP_SETTINGS } from './http-settings.token';
import { LedgerMetrics } from './observability/ledger-metrics';
import { MetricsController } from './observability/metrics.controller';

/**
 * What running the server in the open takes besides its routes: the settings it was started
 * with, the lock-out of clients that keep failing to authenticate, and the metrics.
 */
@Module({})
export class OperationsModule {
  static with(settings: HttpSettings): DynamicModule {
    return {
      module: OperationsModule,
      controllers: [MetricsController],
      providers: [
        { provide: HTTP_SETTINGS, useValue: settings },
        ThrottlerStorageService,
        ApiKeyGuard,
        AuthenticationWithLockOut,
        LedgerMetrics,
      ],
      exports: [AuthenticationWithLockOut],
    };
  }
}
