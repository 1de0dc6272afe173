import { applyDecorators } from '@nestjs/common';
import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DateTimeScalar } from '../graphql/date-time.js';
import { DIVISION_CODE } from '@yiti/contracts';
import { IdField, OptionalDateField, OptionalTextField, RequiredTextField } from '../graphql/input-fields.js';
import { MESSAGES, trimmed } from '../graphql/input-messages.js';
import { RecordLookupPurpose, RecordSex, RecordsAuditOutcome } from './records.models.js';

/*
 * As the records service checks them. The gateway checks formats and lengths only: whether a purpose is given
 * and valid, and a citizen ID's check digit, are the service's to judge, so that every refusal is audited.
 */
const CASE_NUMBER_MAX_LENGTH = 64;
const JUSTIFICATION_MAX_LENGTH = 500;
const PERSON_NAME_MAX_LENGTH = 100;
const MAX_LIMIT = 50;
const DEFAULT_LIMIT = 20;
/** 17 digits and a check character (a lowercase x is accepted); the check digit itself is the service's. */
const CITIZEN_ID_FORMAT = /^[0-9]{17}[0-9Xx]$/;

const PURPOSE_CHECKED_BY_SERVICE =
  'Required, but by the records service: a lookup without it is refused there with BAD_USER_INPUT, and the refusal is audited.';

@InputType({
  description: `Why the lookup is made: a purpose code, the case number and a justification. All three are required, but by the records service, not here: a lookup without them, or with a blank one, reaches the service, which refuses it with BAD_USER_INPUT and writes the refusal to the audit log.`,
})
export class RecordPurposeInput {
  @Field(() => RecordLookupPurpose, {
    nullable: true,
    description: `The purpose; it decides whether sealed juvenile records are returned (judicial-use purposes only). ${PURPOSE_CHECKED_BY_SERVICE}`,
  })
  @IsOptional()
  @IsEnum(RecordLookupPurpose)
  code?: RecordLookupPurpose;

  @OptionalTextField(
    CASE_NUMBER_MAX_LENGTH,
    `The case the lookup is for: a document number such as 贡检刑诉〔2026〕12号, at most ${CASE_NUMBER_MAX_LENGTH} characters. ${PURPOSE_CHECKED_BY_SERVICE}`,
  )
  caseNumber?: string;

  @OptionalTextField(
    JUSTIFICATION_MAX_LENGTH,
    `Why this person, in the prosecutor's words; at most ${JUSTIFICATION_MAX_LENGTH} characters. ${PURPOSE_CHECKED_BY_SERVICE}`,
  )
  justification?: string;
}

/** The optional `purpose` every lookup takes. */
const PurposeField = () =>
  applyDecorators(
    Field(() => RecordPurposeInput, {
      nullable: true,
      description:
        'The stated purpose. Null is accepted here and refused (with BAD_USER_INPUT, and audited) by the records service.',
    }),
    IsOptional(),
    ValidateNested(),
    Type(() => RecordPurposeInput),
  );

@ArgsType()
export class RecordLookupByCitizenIdArgs {
  @Field({
    description:
      'The 18-character citizen ID (GB 11643); a lowercase x is accepted. A wrong check digit is refused by the records service (and audited).',
  })
  @trimmed()
  @Matches(CITIZEN_ID_FORMAT, { message: '$property must be 18 characters: 17 digits, then a digit or X' })
  citizenId: string;

  @PurposeField()
  purpose?: RecordPurposeInput;
}

@InputType({ description: 'A search by name, with optional filters that narrow it.' })
export class RecordNameSearchInput {
  @RequiredTextField(
    PERSON_NAME_MAX_LENGTH,
    `A name in any script: Chinese, Tibetan or a Latin transliteration (1-${PERSON_NAME_MAX_LENGTH} characters). Matching is variant-aware: other Chinese spellings of a Tibetan name (扎西/扎喜, 次仁/才仁) and its transliterations match too.`,
  )
  name: string;

  @OptionalDateField('Only persons born on this date (YYYY-MM-DD); null = any.')
  birthDate?: string;

  @Field(() => RecordSex, { nullable: true, description: 'Only persons of this sex; null = any.' })
  @IsOptional()
  @IsEnum(RecordSex)
  sex?: RecordSex;

  @Field(() => String, {
    nullable: true,
    description:
      'Only persons whose household registration is in this division (six digits; a legacy code such as 542223 is translated); null = any.',
  })
  @IsOptional()
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  divisionCode?: string;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_LIMIT,
    description: `At most this many persons, best first: 1-${MAX_LIMIT}.`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit: number;

  @PurposeField()
  purpose?: RecordPurposeInput;
}

@ArgsType()
export class RecordPersonDetailArgs {
  @IdField('The person id (UUID) from a lookup result.', {
    message: '$property must be a person id (a UUID)',
  })
  personId: string;

  @PurposeField()
  purpose?: RecordPurposeInput;
}

@InputType({ description: 'Which audit entries to list; every filter is optional, all given must hold.' })
export class RecordsAuditFilterInput {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Entries at or after this instant.' })
  @IsOptional()
  from?: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Entries before this instant.' })
  @IsOptional()
  to?: string;

  @Field(() => String, { nullable: true, description: 'Only this user (username, exactly).' })
  @IsOptional()
  @trimmed()
  @Matches(/^[\p{L}\p{N}._@-]{1,100}$/u, { message: '$property must be a username' })
  actor?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Only users of this organization (code, e.g. proc-540522).',
  })
  @IsOptional()
  @trimmed()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: '$property must be an organization code' })
  actorOrg?: string;

  @Field(() => RecordsAuditOutcome, { nullable: true, description: 'Only this outcome (or group).' })
  @IsOptional()
  @IsEnum(RecordsAuditOutcome)
  outcome?: RecordsAuditOutcome;
}

@ArgsType()
export class RecordsAuditEntriesArgs {
  @Field(() => RecordsAuditFilterInput, { nullable: true, description: 'The filters; null = every entry.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecordsAuditFilterInput)
  filter?: RecordsAuditFilterInput;

  @Field(() => Int, { defaultValue: 50, description: 'At most this many, newest first (1-200).' })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number;

  @Field(() => String, { nullable: true, description: 'The `nextBefore` of the previous page.' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,15}$/, { message: '$property must be a page cursor' })
  before?: string;
}
