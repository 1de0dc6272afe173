import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import {
  POLICE_CASE_NUMBER,
  SCOPE_CODE,
  ISCO_CODE,
  MATERIAL_MAX_LENGTH,
  MAX_MATERIALS,
  SUMMARY_MAX_LENGTH,
} from '@yiti/contracts';
import { CONSULTATION_BUSINESS_LINE } from '@yiti/reference';
import {
  EnumSetField,
  IdempotencyKeyField,
  IdField,
  OptionalDateField,
  RequiredTextField,
} from '../graphql/input-fields.js';
import { MESSAGES, NOT_BLANK, trimmed } from '../graphql/input-messages.js';
import { IsCaseCategory } from '../graphql/reference-codes.js';
import { FilteredPageArgs } from '../graphql/paging.js';
import { ConsultationState, ConsultationType, FollowUp } from './consultations.models.js';

/** As the meetings service checks them (apps/meetings/src/consultations/content.ts). */
const TEXT_MAX_LENGTH = SUMMARY_MAX_LENGTH;

const ISCO_MESSAGE = { message: '$property must be an ISCO code such as isco-540522' };
/** What the police write, logged or edited. */
@InputType({ isAbstract: true })
abstract class ConsultationContentInput {
  @Field({ description: 'The police case number as the police bureau writes it (2-64 characters).' })
  @trimmed()
  @Matches(POLICE_CASE_NUMBER, MESSAGES.POLICE_CASE_NUMBER)
  policeCaseNumber: string;

  @Field({ description: 'The case category, e.g. `illegal-mining`: one of the criminal business line.' })
  @Matches(SCOPE_CODE, MESSAGES.SCOPE)
  @IsCaseCategory({ businessLines: [CONSULTATION_BUSINESS_LINE] })
  category: string;

  @Field(() => ConsultationType, { description: 'What the police ask for.' })
  @IsEnum(ConsultationType)
  type: ConsultationType;

  @RequiredTextField(TEXT_MAX_LENGTH, `The question, 1-${TEXT_MAX_LENGTH} characters.`)
  question: string;

  @Field(() => [String], {
    nullable: true,
    description: `The materials provided: at most ${MAX_MATERIALS}, each 1-${MATERIAL_MAX_LENGTH} characters.`,
  })
  @IsOptional()
  @trimmed()
  @ArrayMaxSize(MAX_MATERIALS)
  @Matches(NOT_BLANK, { each: true, message: '$property must not contain empty items' })
  @MaxLength(MATERIAL_MAX_LENGTH, { each: true })
  materials?: string[];
}

@InputType({ description: 'What a police liaison officer logs at the ISCO of their county.' })
export class LogConsultationInput extends ConsultationContentInput {
  @Field({ description: "The ISCO of the officer's county, e.g. isco-540522." })
  @Matches(ISCO_CODE, ISCO_MESSAGE)
  iscoOrg: string;

  @IdempotencyKeyField('the first consultation')
  idempotencyKey: string;
}

/** The types a prosecutor may open to the police (apps/meetings/src/consultations/lifecycle.ts, SUPERVISION). */
const SUPERVISION_TYPES = [ConsultationType.FILING_SUPERVISION, ConsultationType.COMPULSORY_MEASURE_REVIEW];

@InputType({
  description:
    "What a prosecutor of a county procuratorate opens to the county's police bureau at the county's ISCO: the matter, the demand and its follow-up clock.",
})
export class OpenSupervisionMatterInput extends ConsultationContentInput {
  @Field(() => ConsultationType, { description: 'FILING_SUPERVISION or COMPULSORY_MEASURE_REVIEW.' })
  @IsEnum(ConsultationType)
  @IsIn(SUPERVISION_TYPES, { message: '$property must be FILING_SUPERVISION or COMPULSORY_MEASURE_REVIEW' })
  declare type: ConsultationType;

  @Field({ description: "The ISCO of the prosecutor's county, e.g. isco-540522." })
  @Matches(ISCO_CODE, ISCO_MESSAGE)
  iscoOrg: string;

  @RequiredTextField(
    TEXT_MAX_LENGTH,
    `What the procuratorate asks of the police, 1-${TEXT_MAX_LENGTH} characters.`,
  )
  opinion: string;

  @Field(() => FollowUp, {
    description:
      'The clock it sets on the police: EXPLAIN_NON_FILING or FILE_AFTER_NOTICE for FILING_SUPERVISION, REPORT_MEASURE_HANDLING for COMPULSORY_MEASURE_REVIEW, or NONE.',
  })
  @IsEnum(FollowUp)
  followUp: FollowUp;

  @IdempotencyKeyField('the first matter')
  idempotencyKey: string;
}

@InputType({
  description:
    'What the police change before the opinion: every field replaces the logged one (the ISCO stays).',
})
export class EditConsultationInput extends ConsultationContentInput {
  @IdField('The consultation id (UUID).', MESSAGES.CONSULTATION_ID)
  id: string;
}

@ArgsType()
export class ConsultationIdArgs {
  @IdField('The consultation id (UUID).', MESSAGES.CONSULTATION_ID)
  id: string;
}

@ArgsType()
export class RecordConsultationOpinionArgs extends ConsultationIdArgs {
  @RequiredTextField(TEXT_MAX_LENGTH, `The prosecutor's opinion, 1-${TEXT_MAX_LENGTH} characters.`)
  opinion: string;

  @Field(() => FollowUp, {
    description:
      'The follow-up clock it sets on the police: EXPLAIN_NON_FILING or FILE_AFTER_NOTICE on FILING_SUPERVISION, REPORT_MEASURE_HANDLING on COMPULSORY_MEASURE_REVIEW, else NONE.',
  })
  @IsEnum(FollowUp)
  followUp: FollowUp;
}

@ArgsType()
export class RecordPoliceResponseArgs extends ConsultationIdArgs {
  @RequiredTextField(TEXT_MAX_LENGTH, `The police response, 1-${TEXT_MAX_LENGTH} characters.`)
  response: string;
}

@InputType({ description: 'Narrows a list of consultations; every condition given must hold.' })
export class ConsultationFilter {
  @EnumSetField(ConsultationState, 'Any of these states; null or empty = all.')
  states?: ConsultationState[];

  @Field(() => ConsultationType, { nullable: true, description: 'Only this type.' })
  @IsOptional()
  @IsEnum(ConsultationType)
  type?: ConsultationType;

  @Field(() => Boolean, { nullable: true, description: 'Only those whose follow-up clock ran out.' })
  @IsOptional()
  @IsBoolean()
  overdueOnly?: boolean;
}

@ArgsType()
export class ConsultationListArgs extends FilteredPageArgs(
  ConsultationFilter,
  'Conditions; null = every consultation.',
) {}

@ArgsType()
export class ConsultationStatisticsArgs {
  @Field(() => String, { nullable: true, description: 'One ISCO; null = every ISCO the caller may see.' })
  @IsOptional()
  @Matches(ISCO_CODE, ISCO_MESSAGE)
  iscoOrg?: string;

  @OptionalDateField(
    'Consultations logged on or after this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.',
  )
  fromDate?: string;

  @OptionalDateField(
    'Consultations logged on or before this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.',
  )
  toDate?: string;
}
