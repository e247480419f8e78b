import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { AppraisalCommand } from '@ledger/domain';
import type { CommandResult } from '@ledger/ledger';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { ApiError } from '../errors/api-error';
import { RecordCommand } from './record-command';

export interface CommandAnswer {
  eventIds: string[];
  streamVersion: number;
  position: string | null;
}

/** Turns an HTTP request into a recorded command and the command's answer (with its ETag). */
@Injectable()
export class CommandGateway {
  constructor(private readonly bus: CommandBus) {}

  async send(command: AppraisalCommand, request: AuthenticatedRequest, response: Response): Promise<CommandAnswer> {
    const ifMatch = request.headers['if-match'];
    let expectedVersion: number | undefined;
    if (ifMatch !== undefined) {
      const match = /^(?:W\/)?"?(\d+)"?$/.exec(String(ifMatch).trim());
      if (!match) throw new ApiError(400, 'INVALID_IF_MATCH', 'If-Match must be a stream version in quotes, such as "3".');
      expectedVersion = Number(match[1]);
    }
    const idempotencyKey = request.headers['idempotency-key'];
    const result = await this.bus.execute<RecordCommand, CommandResult>(
      new RecordCommand(
        command,
        {
          actor: { id: request.principal.keyId, role: request.principal.role },
          correlationId: String(request.headers['x-request-id'] ?? randomUUID()),
          idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : null,
        },
        expectedVersion,
      ),
    );
    response.setHeader('ETag', `"${result.streamVersion}"`);
    return { eventIds: result.eventIds, streamVersion: result.streamVersion, position: result.position };
  }
}
