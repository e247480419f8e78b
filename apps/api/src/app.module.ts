import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { LedgerStores } from '@ledger/ledger';
import { HealthController } from './health.controller';
import { EVENT_STORE, READ_MODELS } from './ledger-stores.provider';

@Module({})
export class AppModule {
  /** The HTTP application over stores already opened (by `ledger serve`, or by a test). */
  static over(stores: LedgerStores): DynamicModule {
    return {
      module: AppModule,
      imports: [TerminusModule],
      controllers: [HealthController],
      providers: [
        { provide: EVENT_STORE, useValue: stores.events },
        { provide: READ_MODELS, useValue: stores.readModels },
      ],
    };
  }
}
