import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { BASIN_CODE, DIVISION_CODE, NAME_MAX_LENGTH, ORGANIZATION_CODE } from '@yiti/contracts';
import { OrganizationKind } from './directory.models.js';
import { MESSAGES } from '../graphql/input-messages.js';

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
