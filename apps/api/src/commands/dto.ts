import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PANEL_MEMBER_CATEGORIES as PANEL_CATEGORIES } from '@ledger/domain';

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const finite = { allowNaN: false, allowInfinity: false };

/** An id the client names (unit, item, metric, leader, panel, member): a lower-case slug of 64 characters at most. */
const Slug = (example?: string) =>
  applyDecorators(
    ApiProperty({ example, pattern: SLUG.source, maxLength: 64 }),
    IsString(),
    Matches(SLUG, { message: '$property must be a lower-case slug such as "urban-management"' }),
    MaxLength(64),
  );

export class SanctionRungDto {
  @Slug() name!: string;
  @ApiProperty() @IsNumber(finite) withheldPct!: number;
}

export class PolicyDto {
  @ApiPropertyOptional() @IsOptional() @IsNumber(finite) baseScore?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber(finite) regularAwardMax?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber(finite) regularCap?: number;
  @ApiPropertyOptional({ type: [SanctionRungDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SanctionRungDto)
  sanctionLadder?: SanctionRungDto[];
  @ApiPropertyOptional() @IsOptional() @IsInt() panelMinScores?: number;
}

export class OpenCycleDto {
  @ApiProperty({ example: 2007 }) @IsInt() @Min(1900) @Max(2999) year!: number;
  @ApiPropertyOptional({ type: PolicyDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyDto)
  policy?: PolicyDto;
}

export class AmendPolicyDto {
  @ApiProperty({ type: PolicyDto }) @IsObject() @ValidateNested() @Type(() => PolicyDto) changes!: PolicyDto;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

export class ReasonDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

export class BasicRequirementDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) text?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber(finite) @Min(0) @Max(100) panelScoreAtLeast?: number;
}

export class TargetDto {
  @Slug() metric!: string;
  @ApiProperty({ enum: ['>=', '<='] }) @IsIn(['>=', '<=']) comparator!: '>=' | '<=';
  @ApiProperty() @IsNumber(finite) threshold!: number;
  @ApiProperty() @IsString() @MaxLength(32) unit!: string;
}

export class DefineItemDto {
  @Slug() itemId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) title!: string;
  @ApiProperty({ enum: ['1', 'X'] }) @IsIn(['1', 'X']) track!: '1' | 'X';
  @ApiPropertyOptional({ type: BasicRequirementDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BasicRequirementDto)
  basicRequirement?: BasicRequirementDto;
  @ApiPropertyOptional({ type: [TargetDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TargetDto)
  targets?: TargetDto[];
}

export class ChangeTrackDto extends ReasonDto {
  @ApiProperty({ enum: ['1', 'X'] }) @IsIn(['1', 'X']) track!: '1' | 'X';
}

/** The day of the appraisal year it takes effect; the decider says whether it is one of the cycle's. */
const EffectiveOn = () =>
  applyDecorators(
    ApiPropertyOptional({
      example: '2007-06-30',
      description:
        'the day of the appraisal year it takes effect (YYYY-MM-DD); the day recorded when left out',
    }),
    IsOptional(),
    IsString(),
    MaxLength(10),
  );

export class ChangeThresholdDto extends ReasonDto {
  @ApiProperty() @IsNumber(finite) threshold!: number;
  @EffectiveOn() effectiveOn?: string;
}

export class RegisterUnitDto {
  @Slug() unitId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ enum: ['street', 'department'] }) @IsIn(['street', 'department']) kind!:
    'street' | 'department';
}

export class AppointLeaderDto {
  @Slug() leaderId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
}

export class ScoreEntryDto {
  @Slug() itemId!: string;
  @ApiProperty() @IsNumber(finite) points!: number;
  @ApiProperty() @IsString() @MaxLength(2000) reason!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) evidence?: string;
  @EffectiveOn() effectiveOn?: string;
}

export class ReportMetricDto {
  @Slug() itemId!: string;
  @Slug() metric!: string;
  @ApiProperty() @IsNumber(finite) value!: number;
  @EffectiveOn() effectiveOn?: string;
}

export class RulingDto {
  @Slug() itemId!: string;
  @ApiProperty() @IsBoolean() met!: boolean;
  @ApiProperty() @IsString() @MaxLength(2000) basis!: string;
  @EffectiveOn() effectiveOn?: string;
}

export class BonusBaseDto {
  @ApiProperty() @IsNumber(finite) amount!: number;
}

export class ImposeSanctionDto extends ReasonDto {
  @Slug('written-self-examination') sanction!: string;
  @EffectiveOn() effectiveOn?: string;
}

export class PanelMemberDto {
  @Slug() memberId!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ enum: PANEL_CATEGORIES }) @IsString() @MaxLength(64) category!: string;
}

export class ConvenePanelDto {
  @Slug() panelId!: string;
  @Slug() itemId!: string;
  @ApiProperty({ type: [PanelMemberDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PanelMemberDto)
  members!: PanelMemberDto[];
}

export class PanelScoreDto {
  @Slug() memberId!: string;
  @Slug() unitId!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) @IsNumber(finite) score!: number;
}

export class EmptyDto {}

export class FileDisputeDto {
  @ApiProperty({ example: 2007 }) @IsInt() @Min(1900) @Max(2999) year!: number;
  @Slug() unitId!: string;
  @ApiProperty({ description: 'the id of the score entry, ruling or sanction disputed' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  eventId!: string;
  @ApiProperty() @IsString() @MaxLength(2000) grounds!: string;
}

export class ResolveDisputeDto extends ReasonDto {
  @ApiProperty({ enum: ['upheld', 'overturned'] }) @IsIn(['upheld', 'overturned']) outcome!:
    'upheld' | 'overturned';
}
