import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { EVERYONE } from '../queries/readers';

/** Who the presented key speaks for: what a client shows its user and which pages it offers. */
@ApiTags('keys')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  @Get()
  @Roles(...EVERYONE)
  me(@Req() request: AuthenticatedRequest) {
    const { keyId, name, role, unitId } = request.principal;
    return { keyId, name, role, unitId };
  }
}
