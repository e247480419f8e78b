import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, tap } from 'rxjs';
import type { CommandAnswer } from './command-gateway';

/** Sends a command's stream version as its ETag, for the client's next `If-Match`. */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<CommandAnswer> {
    return next
      .handle()
      .pipe(
        tap((answer: CommandAnswer) =>
          context.switchToHttp().getResponse<Response>().setHeader('ETag', `"${answer.streamVersion}"`),
        ),
      );
  }
}
