import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { AppraisalCommand } from '@ledger/domain';
import type { CommandMeta, CommandResult } from '../commands/command-meta';
import type { Ledger } from '../ledger';
import { LEDGER } from './ledger.token';

/** A domain command on its way to the ledger, with who sent it and the version the client expects. */
export class RecordCommand {
  constructor(
    readonly command: AppraisalCommand,
    readonly meta: CommandMeta,
    readonly expectedVersion?: number,
  ) {}
}

/** Loads the aggregate, lets its decider decide, and appends with the expected revision (libs/ledger). */
@CommandHandler(RecordCommand)
export class RecordCommandHandler implements ICommandHandler<RecordCommand, CommandResult> {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  execute({ command, meta, expectedVersion }: RecordCommand): Promise<CommandResult> {
    return this.ledger.executor.execute(command, meta, expectedVersion);
  }
}
