import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { Ledger, receiptsFor } from '@ledger/ledger';
import { LEDGER } from '@ledger/ledger/nest';
import type { CommandAnswer } from './command-gateway';

const wantsReceipt = (request: Request): boolean =>
  String(request.headers.prefer ?? '')
    .split(',')
    .some((preference) => preference.trim().toLowerCase() === 'receipt');

/**
 * `Prefer: receipt` on a command: the answer waits for a signed checkpoint that covers it and
 * carries, per recorded event, its audit path and the note (docs/audit.md). Without the header,
 * nothing changes.
 */
@Injectable()
export class ReceiptInterceptor implements NestInterceptor {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!wantsReceipt(context.switchToHttp().getRequest<Request>())) return next.handle();
    return next.handle().pipe(
      switchMap((answer: CommandAnswer) =>
        answer.position === null || answer.eventIds.length === 0
          ? from(Promise.resolve({ ...answer, receipt: [] }))
          : from(
              receiptsFor(this.ledger, answer.eventIds, answer.position).then(
                (receipt) => ({ ...answer, receipt }),
                // The command is recorded whatever happens to its receipt: the answer must still say so.
                (error: Error) => ({ ...answer, receipt: null, receiptUnavailable: error.message }),
              ),
            ),
      ),
    );
  }
}
