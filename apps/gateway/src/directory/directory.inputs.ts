import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BASIN_CODE, DIVISION_CODE, MAX_BATCH, NAME_MAX_LENGTH, ORGANIZATION_CODE } from '@yiti/contracts';
import { DivisionType, OrganizationKind } from './directory.models.js';
import { MESSAGES, NOT_BLANK, trimmed } from '../graphql/input-messages.js';

/** GB/T 2260: a province-level prefix (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82), then four digits. */
export const GB2260_CODE = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])[0-9]{4}$/;
const GB2260_MESSAGE = { message: '$property must be a six-digit GB/T 2260 code such as 540102' };

@ArgsType()
export class OrganizationCodeArgs {
  @Field()
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  code: string;
}

@ArgsType()
export class DivisionCodeArgs {
  @Field({ description: 'A current or legacy six-digit code.' })
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  code: string;
}

@ArgsType()
export class DivisionsArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  parentCode?: string;
}

@ArgsType()
export class BasinCodeArgs {
  @Field()
  @Matches(BASIN_CODE, MESSAGES.BASIN)
  code: string;
}

@ArgsType()
export class CommonSuperiorArgs {
  @Field()
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  first: string;

  @Field()
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  second: string;
}

@InputType()
export class OrganizationFilter {
  @Field(() => OrganizationKind, { nullable: true })
  @IsOptional()
  @IsEnum(OrganizationKind)
  kind?: OrganizationKind;

  @Field(() => String, {
    nullable: true,
    description: 'A city code: organizations of the city and its divisions.',
  })
  @IsOptional()
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  cityCode?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  divisionCode?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Organizations seated in a member division of the basin.',
  })
  @IsOptional()
  @Matches(BASIN_CODE, MESSAGES.BASIN)
  basinCode?: string;
}

@ArgsType()
export class OrganizationsArgs {
  @Field(() => OrganizationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganizationFilter)
  filter?: OrganizationFilter;
}

@InputType()
export class CreateOrganizationInput {
  @Field(() => OrganizationKind)
  @IsEnum(OrganizationKind)
  kind: OrganizationKind;

  @Field()
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  divisionCode: string;

  @Field()
  @IsNotEmpty()
  @MaxLength(NAME_MAX_LENGTH)
  nameZh: string;

  @Field({ defaultValue: '' })
  @MaxLength(NAME_MAX_LENGTH)
  nameEn: string;
}

@InputType()
export class UpdateOrganizationInput {
  @Field()
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  code: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsNotEmpty()
  @MaxLength(NAME_MAX_LENGTH)
  nameZh?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(NAME_MAX_LENGTH)
  nameEn?: string;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@InputType()
export class SetBasinMembershipInput {
  @Field()
  @Matches(BASIN_CODE, MESSAGES.BASIN)
  basinCode: string;

  @Field()
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  divisionCode: string;

  @Field({ description: 'true adds the division to the basin, false removes it.' })
  @IsBoolean()
  member: boolean;
}

@InputType()
export class CreateDivisionInput {
  @Field({
    description:
      'GB/T 2260: a region ends in 0000, a city in 00 (sharing its region’s first two digits), a county-level division in neither (sharing its city’s first four).',
  })
  @Matches(GB2260_CODE, GB2260_MESSAGE)
  code: string;

  @Field(() => DivisionType, {
    description: 'Consistent with the parent: a city under a region, a county-level division under a city.',
  })
  @IsEnum(DivisionType)
  type: DivisionType;

  @Field(() => String, {
    nullable: true,
    description: 'The existing parent division; null only for a region.',
  })
  @IsOptional()
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  parentCode?: string;

  @Field()
  @trimmed()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(NAME_MAX_LENGTH)
  nameZh: string;

  @Field({ defaultValue: '', description: 'Tibetan name (བོད་ཡིག).' })
  @trimmed()
  @MaxLength(NAME_MAX_LENGTH)
  nameBo: string;

  @Field()
  @trimmed()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(NAME_MAX_LENGTH)
  nameEn: string;

  @Field({ defaultValue: '' })
  @trimmed()
  @MaxLength(NAME_MAX_LENGTH)
  pinyin: string;
}

@InputType()
export class CreateBasinInput {
  @Field()
  @Matches(BASIN_CODE, MESSAGES.BASIN)
  code: string;

  @Field()
  @trimmed()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(NAME_MAX_LENGTH)
  nameZh: string;

  @Field({ defaultValue: '' })
  @trimmed()
  @MaxLength(NAME_MAX_LENGTH)
  nameEn: string;

  @Field(() => [String], { defaultValue: [], description: 'Member divisions; each must exist.' })
  @ArrayMaxSize(MAX_BATCH)
  @Matches(DIVISION_CODE, MESSAGES.DIVISIONS)
  memberDivisionCodes: string[];
}

@ArgsType()
export class DirectoryAuditArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Only changes to this division, basin or organization.',
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, {
    message: '$property must be a division, basin or organization code',
  })
  target?: string;

  @Field(() => Int, { defaultValue: 50, description: 'At most this many, newest first (1-500).' })
  @IsInt()
  @Min(1)
  @Max(500)
  first: number;

  @Field(() => ID, { nullable: true, description: 'Entries older than this entry id (the next page).' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,18}$/, { message: '$property must be an audit entry id' })
  before?: string;
}

@ArgsType()
export class PeopleArgs {
  @Field(() => String, { nullable: true, description: 'Only people of this organization.' })
  @IsOptional()
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  organizationCode?: string;

  @Field(() => String, {
    nullable: true,
    description: 'A part of the name or username, case-insensitive (at most 100 characters).',
  })
  @IsOptional()
  @trimmed()
  @MaxLength(100)
  search?: string;

  @Field(() => Int, {
    defaultValue: 50,
    description: 'At most this many, by organization then name (1-200).',
  })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number;
}
