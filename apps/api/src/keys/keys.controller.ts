import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { refuse } from '@ledger/domain';
import { KEY_ID, Ledger, expiryFrom } from '@ledger/ledger';
import { LEDGER } from '@ledger/ledger/nest';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { commandRequestOf } from '../commands/command-request';
import { IssueKeyDto, RevokeKeyDto, RotateKeyDto } from './keys.dto';

/**
 * API keys, for admins only (no @Roles: the guard admits admins alone). Issues and
 * revocations are events in the log; a new key is in the answer once and kept nowhere.
 */
@ApiTags('keys')
@ApiBearerAuth()
@Controller('keys')
export class KeysController {
  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  @Get()
  list() {
    return this.ledger.keys.list();
  }

  @Get(':keyId')
  one(@Param('keyId') keyId: string) {
    return this.ledger.keys.view(keyIdOf(keyId));
  }

  @Post()
  async issue(@Body() body: IssueKeyDto, @Req() request: AuthenticatedRequest) {
    const { key, view } = await this.ledger.keys.create(
      {
        role: body.role,
        name: body.name,
        unitId: body.unitId ?? null,
        expiresAt: body.expires ? expiryFrom(body.expires, Date.now()) : null,
      },
      commandRequestOf(request).meta,
    );
    return { key, ...view };
  }

  @Post(':keyId/rotation')
  async rotate(
    @Param('keyId') keyId: string,
    @Req() request: AuthenticatedRequest,
    @Body() body: RotateKeyDto = {},
  ) {
    const { key, principal, replaced } = await this.ledger.keys.rotate(
      keyIdOf(keyId),
      body.expires ? { expiresAt: expiryFrom(body.expires, Date.now()) } : {},
      commandRequestOf(request).meta,
    );
    return { key, ...(await this.ledger.keys.view(principal.keyId)), replaced };
  }

  @Delete(':keyId')
  @HttpCode(200)
  revoke(@Param('keyId') keyId: string, @Body() body: RevokeKeyDto, @Req() request: AuthenticatedRequest) {
    return this.ledger.keys.revoke(keyIdOf(keyId), body.reason, commandRequestOf(request).meta);
  }
}

/** A key id is 12 hex digits; anything else names no key (and is not echoed whole). */
const keyIdOf = (keyId: string): string => {
  if (!KEY_ID.test(keyId))
    throw refuse('UNKNOWN_KEY', `There is no key ${JSON.stringify(keyId.slice(0, 40))}.`, {
      keyId: keyId.slice(0, 40),
    });
  return keyId;
};
