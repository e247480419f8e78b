import { applyDecorators, Controller, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Role } from '@ledger/ledger';
import { Roles } from '../auth/roles.decorator';
import { ETagInterceptor } from './etag.interceptor';
import { ReceiptInterceptor } from './receipt.interceptor';

/** A controller of command routes: documented under `commands: <tag>`, keyed, answering an ETag; by default for supervisors. */
export const CommandController = (tag: string, path: string, roles: Role[] = ['supervisor']) =>
  applyDecorators(
    ApiTags(`commands: ${tag}`),
    ApiBearerAuth(),
    ...(roles.length > 0 ? [Roles(...roles)] : []),
    UseInterceptors(ETagInterceptor, ReceiptInterceptor),
    Controller(path),
  );
