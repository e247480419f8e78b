import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  Max,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
} from 'class-validator';
import { MAX_AMOUNT } from '@ledger/domain';
import { SLUG, SanctionRungDto, finite } from '../commands/dto';

const MAX_TRACKS = 200;

/**
 * The policy fields a what-if may change. Bounded like points (10^9), so that nothing asked
 * can make a score that no command could have recorded; the policy's own rules (cap no lower
 * than the base, a sound ladder) are the domain's, answered 422 INVALID_POLICY.
 */
export class WhatIfPolicyDto {
  @ApiPropertyOptional() @IsOptional() @IsNumber(finite) @Max(MAX_AMOUNT) baseScore?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber(finite) @Max(MAX_AMOUNT) regularAwardMax?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber(finite) @Max(MAX_AMOUNT) regularCap?: number;
  @ApiPropertyOptional({ type: [SanctionRungDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SanctionRungDto)
  sanctionLadder?: SanctionRungDto[];
  @ApiPropertyOptional() @IsOptional() @IsInt() @Max(1000) panelMinScores?: number;
}

/** `{ itemId: "1" | "X" }`: item ids as slugs, tracks as the domain spells them. */
@ValidatorConstraint({ name: 'trackMap' })
class TrackMap implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const entries = Object.entries(value);
    return (
      entries.length <= MAX_TRACKS &&
      entries.every(
        ([itemId, track]) => SLUG.test(itemId) && itemId.length <= 64 && (track === '1' || track === 'X'),
      )
    );
  }

  defaultMessage({ property }: ValidationArguments): string {
    return `${property} must map at most ${MAX_TRACKS} item ids (lower-case slugs) to "1" or "X"`;
  }
}

/** POST /api/cycles/:year/what-if: the rules to recompute the cycle under; both parts optional. */
export class WhatIfDto {
  @ApiPropertyOptional({ type: WhatIfPolicyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WhatIfPolicyDto)
  policy?: WhatIfPolicyDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['1', 'X'] },
    example: { 'urban-management': '1' },
    description: 'items to take as on this track all year',
  })
  @IsOptional()
  @IsObject()
  @Validate(TrackMap)
  tracks?: Record<string, '1' | 'X'>;
}
