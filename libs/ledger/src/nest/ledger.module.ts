import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Ledger } from '../ledger';
import { LEDGER } from './ledger.token';
import { ReadQueryHandler } from './read-query';
import { RecordCommandHandler } from './record-command';

/**
 * The ledger as a Nest module: the command and query handlers on `@nestjs/cqrs`'s buses, over
 * a Ledger already opened. Kept apart from the library's index, so that the CLI and the tests
 * use the ledger without loading Nest.
 */
@Module({})
export class LedgerModule {
  static over(ledger: Ledger): DynamicModule {
    return {
      module: LedgerModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [{ provide: LEDGER, useValue: ledger }, RecordCommandHandler, ReadQueryHandler],
      exports: [LEDGER],
    };
  }
}
