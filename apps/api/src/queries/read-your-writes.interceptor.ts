import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import type { Ledger } from '@ledger/ledger';
import { LEDGER } from '@ledger/ledger/nest';
import { PositionPipe } from '../params';

const WAIT_MS = 5000;
const positions = new PositionPipe();

/**
 * `?minPosition=` on any query: the answer waits until the read models have folded that
 * position (a command's answer) and every consequence the reactions recorded for it (a case
 * opened by a ruling, a reversal by an overturned dispute), at most five seconds, then 503
 * PROJECTION_LAGGING.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const raw = context.switchToHttp().getRequest<Request>().query.minPosition;
    const minPosition = positions.transform(typeof raw === 'string' || raw === undefined ? raw : String(raw));
    if (minPosition === undefined) return next.handle();
    return from(this.ledger.includes(minPosition, WAIT_MS)).pipe(switchMap(() => next.handle()));
  }
}

/** Queries of a controller honour `?minPosition=`. */
export const ReadYourWrites = () =>
  applyDecorators(
    UseInterceptors(ReadYourWritesInterceptor),
    ApiQuery({
      name: 'minPosition',
      required: false,
      description:
        'wait (5 s at most) until the read models include this log position and the consequences of everything up to it',
    }),
  );
