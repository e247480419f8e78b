import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import type { Ledger } from '@ledger/ledger';
import { AuthenticationWithLockOut } from './auth/failed-authentication';
import { AccountabilityController } from './commands/accountability.controller';
import { CommandGateway } from './commands/command-gateway';
import { CyclesController } from './commands/cycles.controller';
import { DisputesController } from './commands/disputes.controller';
import { PanelsController } from './commands/panels.controller';
import { ScorecardsController } from './commands/scorecards.controller';
import { UnitsController } from './commands/units.controller';
import { LedgerExceptionFilter } from './errors/ledger-exception.filter';
import { DashboardController } from './dashboard/dashboard.controller';
import { HealthController } from './health.controller';
import { DEFAULT_HTTP_SETTINGS, HttpSettings } from './http-settings';
import { KeysController } from './keys/keys.controller';
import { MeController } from './keys/me.controller';
import { RegistryQueries } from './queries/registry.controller';
import { LedgerModule } from '@ledger/ledger/nest';
import { AccountabilityQueries } from './queries/accountability.controller';
import { AuditQueries } from './queries/audit.controller';
import { ChangesQueries } from './queries/changes.controller';
import { CheckpointQueries } from './queries/checkpoints.controller';
import { ScoreQueries } from './queries/scores.controller';
import { WhatIfQueries } from './queries/what-if.controller';
import { OperationsModule } from './operations.module';
import { StreamController } from './stream/stream.controller';

@Module({})
export class AppModule {
  /** The HTTP application over a ledger already opened (by `ledger serve`, or by a test). */
  static over(ledger: Ledger, settings: HttpSettings = DEFAULT_HTTP_SETTINGS): DynamicModule {
    return {
      module: AppModule,
      imports: [TerminusModule, LedgerModule.over(ledger), OperationsModule.with(settings)],
      controllers: [
        HealthController,
        DashboardController,
        CyclesController,
        UnitsController,
        ScorecardsController,
        AccountabilityController,
        PanelsController,
        DisputesController,
        ScoreQueries,
        AccountabilityQueries,
        AuditQueries,
        CheckpointQueries,
        WhatIfQueries,
        ChangesQueries,
        KeysController,
        MeController,
        RegistryQueries,
        StreamController,
      ],
      providers: [
        { provide: APP_GUARD, useExisting: AuthenticationWithLockOut },
        { provide: APP_FILTER, useClass: LedgerExceptionFilter },
        CommandGateway,
      ],
    };
  }
}
