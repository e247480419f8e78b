import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES } from '@ledger/domain';

const EXPIRES = {
  description: 'a duration from now (30m, 12h, 90d, 52w) or an ISO 8601 instant in the future',
  example: '90d',
};

export class IssueKeyDto {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: string;
  @ApiProperty({ example: 'Wang Fang, supervision office' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
  @ApiPropertyOptional({ description: 'for a unit-leader key: its registered unit', example: 'sansheng' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'unitId must be a lower-case slug such as "sansheng"' })
  @MaxLength(64)
  unitId?: string;
  @ApiPropertyOptional(EXPIRES) @IsOptional() @IsString() @MaxLength(40) expires?: string;
}

export class RotateKeyDto {
  @ApiPropertyOptional(EXPIRES) @IsOptional() @IsString() @MaxLength(40) expires?: string;
}

export class RevokeKeyDto {
  @ApiProperty({ example: 'the holder left the office' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}
