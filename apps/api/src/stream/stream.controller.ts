import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Ledger } from '@ledger/ledger';
import { LEDGER } from '@ledger/ledger/nest';
import { AuthenticatedRequest, presentedKey } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { ApiError } from '../errors/api-error';
import { EVERYONE } from '../queries/readers';
import { LiveStream, STREAM_TIMING, StreamSink } from './live-stream';

/** Text a client has not read, past which it is let go rather than kept in memory: minutes of events. */
const MOST_UNREAD_BYTES = 64 * 1024;

/** The stream's text goes out as it is written; a client that stopped reading is let go. */
const sinkOf = (response: Response): StreamSink => ({
  write: (text) => {
    if (response.writableEnded || response.destroyed) return;
    response.write(text);
    if (response.writableLength > MOST_UNREAD_BYTES) response.destroy();
  },
  end: () => response.end(),
});

/**
 * Live pages (docs/api.md#live-pages-get-apistream): server-sent events telling that the log
 * moved, so a page refreshes what it shows. Written by hand rather than with Nest's @Sse, which
 * can send neither the heartbeat comments nor a last event before it ends.
 */
@ApiTags('live')
@ApiBearerAuth()
@Controller('stream')
export class StreamController {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  @Get()
  @Roles(...EVERYONE)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'server-sent events: `hello` and `moved` with `{"position"}`, the position the read models reflect; `: keep-alive` every 15 s; `refused` before it ends for a key revoked or expired',
  })
  async follow(@Req() request: AuthenticatedRequest, @Res() response: Response): Promise<void> {
    // The guard let the key in a moment ago: this check is that one, remembered, and says its expiry.
    const key = presentedKey(request)!;
    const verification = await this.ledger.keys.verify(key);
    if (!verification.ok) throw new ApiError(401, verification.code, verification.message);
    // Gone while its key was checked: its close was told to no one, and nothing must wait for it.
    if (response.destroyed || request.socket.destroyed) return;
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache');
    // nginx would otherwise hold the events back until its buffer fills.
    response.setHeader('X-Accel-Buffering', 'no');
    // Each event is a few dozen bytes: out at once, not held back to fill a packet.
    request.socket.setNoDelay(true);
    response.flushHeaders();
    const stream = new LiveStream(
      sinkOf(response),
      {
        readModels: this.ledger.projections,
        verify: () => this.ledger.keys.verify(key),
        expiresAt: verification.expiresAt,
      },
      { ...STREAM_TIMING, keyRecheckAfterMoveMs: this.ledger.keys.recheckMs + 100 },
    );
    response.once('close', () => stream.close());
    stream.open();
  }
}
