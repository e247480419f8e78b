import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AppraisalCommand } from '@ledger/domain';
import type { CommandResult } from '@ledger/ledger';
import { CommandRequest } from './command-request';
import { RecordCommand } from '@ledger/ledger/nest';

/** What every command answers; the stream version is also sent as the ETag. */
export interface CommandAnswer {
  eventIds: string[];
  streamVersion: number;
  position: string | null;
}

/** Sends a domain command, with who issued it, through the command bus. */
@Injectable()
export class CommandGateway {
  constructor(private readonly bus: CommandBus) {}

  async send(command: AppraisalCommand, request: CommandRequest): Promise<CommandAnswer> {
    const result = await this.bus.execute<RecordCommand, CommandResult>(
      new RecordCommand(command, request.meta, request.expectedVersion),
    );
    return { eventIds: result.eventIds, streamVersion: result.streamVersion, position: result.position };
  }
}
