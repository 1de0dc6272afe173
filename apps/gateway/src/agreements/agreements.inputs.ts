import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AGREEMENT_CODE,
  BASIN_CODE,
  CLAUSE_MAX_LENGTH,
  DATE,
  IDEMPOTENCY_KEY,
  DIVISION_CODE,
  MAX_CLAUSES,
  MAX_PARTIES,
  NAME_MAX_LENGTH,
  ORGANIZATION_CODE,
  SCOPE_CODE,
} from '@yiti/contracts';
import { AgreementKind, AgreementStatus } from './agreements.models.js';
import { OptionalDateField } from '../graphql/input-fields.js';
import { MESSAGES, NOT_BLANK } from '../graphql/input-messages.js';
import { IsBusinessLine, IsCaseCategory } from '../graphql/reference-codes.js';

const IDEMPOTENCY_DESCRIPTION =
  'Optional key (e.g. a UUID) the client makes once per intended change: a retry with the same key returns the first result.';

const SHA256_HEX = /^[0-9a-f]{64}$/;

@InputType()
export class AgreementScopeInput {
  @Field(() => [String], { defaultValue: [], description: 'Business lines such as `criminal`; empty = all.' })
  @Matches(SCOPE_CODE, MESSAGES.SCOPES)
  @IsBusinessLine()
  businessLines: string[];

  @Field(() => [String], {
    defaultValue: [],
    description:
      'Case categories such as `ecology-resources`, each of one of the business lines; empty = all.',
  })
  @Matches(SCOPE_CODE, MESSAGES.SCOPES)
  @IsCaseCategory('businessLines')
  caseCategories: string[];

  @Field(() => [String], {
    defaultValue: [],
    description: "Divisions covered (with the basin's member divisions); empty = all.",
  })
  @Matches(DIVISION_CODE, MESSAGES.DIVISIONS)
  divisionCodes: string[];

  @Field(() => String, {
    nullable: true,
    description: 'A river basin: its member divisions are added to the scope when the version is made.',
  })
  @IsOptional()
  @Matches(BASIN_CODE, MESSAGES.BASIN)
  basinCode?: string;
}

@InputType()
export class AgreementClauseInput {
  @Field(() => Int, { description: '1, 2, 3… without gaps.' })
  @IsInt()
  @Min(1)
  number: number;

  @Field()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(CLAUSE_MAX_LENGTH)
  text: string;
}

@InputType()
export class AgreementSettingsInput {
  @Field(() => Int, { description: 'Working days within which the receiver acknowledges a transfer: 1-60.' })
  @IsInt()
  @Min(1)
  @Max(60)
  acknowledgeWithinDays: number;

  @Field(() => Int, {
    description: 'Working days within which the receiver decides: acknowledgeWithinDays to 365.',
  })
  @IsInt()
  @Min(1)
  @Max(365)
  decideWithinDays: number;

  @Field({ description: "Whether the parties may look up each other's offender records." })
  @IsBoolean()
  shareRecordsLookup: boolean;
}

@InputType({ description: 'Everything that defines one version: what every party signs.' })
export class AgreementContentInput {
  @Field()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(NAME_MAX_LENGTH)
  titleZh: string;

  @Field({ defaultValue: '' })
  @MaxLength(NAME_MAX_LENGTH)
  titleEn: string;

  @Field(() => AgreementScopeInput)
  @ValidateNested()
  @Type(() => AgreementScopeInput)
  scope: AgreementScopeInput;

  @Field(() => [AgreementClauseInput], {
    description: `1 to ${MAX_CLAUSES} clauses, numbered 1, 2, 3… without gaps.`,
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CLAUSES)
  @ValidateNested({ each: true })
  @Type(() => AgreementClauseInput)
  clauses: AgreementClauseInput[];

  @Field({ description: 'YYYY-MM-DD (Asia/Shanghai).' })
  @Matches(DATE, MESSAGES.ON_DATE)
  effectiveFrom: string;

  @OptionalDateField('YYYY-MM-DD, not before effectiveFrom; null = open-ended.')
  effectiveTo?: string;

  @Field(() => AgreementSettingsInput)
  @ValidateNested()
  @Type(() => AgreementSettingsInput)
  settings: AgreementSettingsInput;
}

@InputType()
export class CreateAgreementInput {
  @Field({ description: 'A new code: 3-63 lowercase letters, digits or dashes.' })
  @Matches(AGREEMENT_CODE, MESSAGES.AGREEMENT)
  code: string;

  @Field(() => AgreementKind)
  @IsEnum(AgreementKind)
  kind: AgreementKind;

  @Field(() => [String], {
    description: `2 to ${MAX_PARTIES} organizations, the caller's among them.`,
  })
  @ArrayMinSize(2)
  @ArrayMaxSize(MAX_PARTIES)
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATIONS)
  partyCodes: string[];

  @Field(() => AgreementContentInput)
  @ValidateNested()
  @Type(() => AgreementContentInput)
  content: AgreementContentInput;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY_DESCRIPTION })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, MESSAGES.OPTIONAL_IDEMPOTENCY)
  idempotencyKey?: string;
}

/** The shape both content changes share (not itself in the schema). */
@InputType({ isAbstract: true })
abstract class AgreementContentChangeInput {
  @Field()
  @Matches(AGREEMENT_CODE, MESSAGES.AGREEMENT)
  code: string;

  @Field(() => AgreementContentInput)
  @ValidateNested()
  @Type(() => AgreementContentInput)
  content: AgreementContentInput;
}

@InputType({ description: 'Replaces the content of a draft (before it circulates).' })
export class ReviseDraftInput extends AgreementContentChangeInput {}

@InputType({
  description:
    'An amendment (or a renewal, which changes only the term): a new version that every party signs again.',
})
export class AmendAgreementInput extends AgreementContentChangeInput {
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_DESCRIPTION })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, MESSAGES.OPTIONAL_IDEMPOTENCY)
  idempotencyKey?: string;
}

@InputType({
  description: 'A renewal: the newest text with a new end date, a new version every party signs again.',
})
export class RenewAgreementInput {
  @Field()
  @Matches(AGREEMENT_CODE, MESSAGES.AGREEMENT)
  code: string;

  @OptionalDateField('YYYY-MM-DD; null = open-ended.')
  effectiveTo?: string;

  @Field(() => String, { nullable: true, description: IDEMPOTENCY_DESCRIPTION })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY, MESSAGES.OPTIONAL_IDEMPOTENCY)
  idempotencyKey?: string;
}

@InputType()
export class SignAgreementInput {
  @Field()
  @Matches(AGREEMENT_CODE, MESSAGES.AGREEMENT)
  code: string;

  @Field(() => Int, { description: 'The newest version.' })
  @IsInt()
  @Min(1)
  version: number;

  @Field({
    description: "The version's `digest` the signer saw: signing fails if the text is not exactly that.",
  })
  @Matches(SHA256_HEX, { message: '$property must be a SHA-256 digest (64 lowercase hex digits)' })
  digest: string;
}

@InputType()
export class TerminateAgreementInput {
  @Field()
  @Matches(AGREEMENT_CODE, MESSAGES.AGREEMENT)
  code: string;

  @Field()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(2000)
  reason: string;
}

@InputType()
export class SetAgreementPublicInput {
  @Field()
  @Matches(AGREEMENT_CODE, MESSAGES.AGREEMENT)
  code: string;

  @Field({ description: 'true lets every authenticated user see the public summary.' })
  @IsBoolean()
  public: boolean;
}

@ArgsType()
export class AgreementCodeArgs {
  @Field()
  @Matches(AGREEMENT_CODE, MESSAGES.AGREEMENT)
  code: string;
}

@ArgsType()
export class AgreementDiffArgs {
  @Field()
  @Matches(AGREEMENT_CODE, MESSAGES.AGREEMENT)
  code: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  fromVersion: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  toVersion: number;
}

@InputType()
export class AgreementFilter {
  @Field(() => String, { nullable: true, description: 'Agreements this organization is a party to.' })
  @IsOptional()
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  partyCode?: string;

  @Field(() => AgreementKind, { nullable: true })
  @IsOptional()
  @IsEnum(AgreementKind)
  kind?: AgreementKind;

  @Field(() => AgreementStatus, { nullable: true })
  @IsOptional()
  @IsEnum(AgreementStatus)
  status?: AgreementStatus;

  @Field(() => String, { nullable: true, description: 'Agreements with a version scoped to this basin.' })
  @IsOptional()
  @Matches(BASIN_CODE, MESSAGES.BASIN)
  basinCode?: string;

  @Field(() => String, { nullable: true, description: 'Agreements with a version covering this division.' })
  @IsOptional()
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  divisionCode?: string;
}

@ArgsType()
export class AgreementsArgs {
  @Field(() => AgreementFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgreementFilter)
  filter?: AgreementFilter;
}

@ArgsType()
export class AgreementsCoveringArgs {
  @Field({ description: 'The organization transferring the case or lead.' })
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  from: string;

  @Field({ description: 'The organization receiving it.' })
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  to: string;

  @Field({ description: 'e.g. `criminal`.' })
  @Matches(SCOPE_CODE, MESSAGES.SCOPE)
  @IsBusinessLine()
  businessLine: string;

  @Field({ description: 'e.g. `ecology-resources`: a category of the business line.' })
  @Matches(SCOPE_CODE, MESSAGES.SCOPE)
  @IsCaseCategory('businessLine')
  category: string;

  @Field(() => String, { nullable: true, description: 'Where the case or lead arose; null = any.' })
  @IsOptional()
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  divisionCode?: string;

  @OptionalDateField('The date to judge "in force" on (YYYY-MM-DD); null = today in Asia/Shanghai.')
  onDate?: string;
}
