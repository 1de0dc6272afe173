import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
  DATE,
  IDEMPOTENCY_KEY,
  POLICE_CASE_NUMBER,
  SCOPE_CODE,
  ISCO_CODE,
  MATERIAL_MAX_LENGTH,
  MAX_MATERIALS,
  SUMMARY_MAX_LENGTH,
  UUID,
} from '@yiti/contracts';
import { MESSAGES, NOT_BLANK, trimmed } from '../graphql/input-messages.js';
import { ConsultationState, ConsultationType, FollowUp } from './consultations.models.js';

/** As the meetings service checks them (apps/meetings/src/consultations/content.ts). */
const TEXT_MAX_LENGTH = SUMMARY_MAX_LENGTH;
const MAX_PAGE = 200;
const PAGE_TOKEN_MAX_LENGTH = 512;

const ISCO_MESSAGE = { message: '$property must be an ISCO code such as isco-540522' };
@InputType({ description: 'What a police liaison officer logs at the ISCO of their county.' })
export class LogConsultationInput {
  @Field({ description: "The ISCO of the officer's county, e.g. isco-540522." })
  @Matches(ISCO_CODE, ISCO_MESSAGE)
  iscoOrg: string;

  @Field({ description: 'The police case number as the police bureau writes it (2-64 characters).' })
  @trimmed()
  @Matches(POLICE_CASE_NUMBER, MESSAGES.POLICE_CASE_NUMBER)
  policeCaseNumber: string;

  @Field({ description: 'The case category, e.g. `illegal-mining`.' })
  @Matches(SCOPE_CODE, MESSAGES.SCOPE)
  category: string;

  @Field(() => ConsultationType, { description: 'What the police ask for.' })
  @IsEnum(ConsultationType)
  type: ConsultationType;

  @Field({ description: `The question, 1-${TEXT_MAX_LENGTH} characters.` })
  @trimmed()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(TEXT_MAX_LENGTH)
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

  @Field({
    description:
      'Required: a key (e.g. a UUID) the client makes once per intended change; a retry with the same key returns the first consultation.',
  })
  @Matches(IDEMPOTENCY_KEY, MESSAGES.IDEMPOTENCY)
  idempotencyKey: string;
}

@ArgsType()
export class ConsultationIdArgs {
  @Field(() => ID, { description: 'The consultation id (UUID).' })
  @Matches(UUID, MESSAGES.CONSULTATION_ID)
  id: string;
}

@ArgsType()
export class RecordConsultationOpinionArgs extends ConsultationIdArgs {
  @Field({ description: `The prosecutor's opinion, 1-${TEXT_MAX_LENGTH} characters.` })
  @trimmed()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(TEXT_MAX_LENGTH)
  opinion: string;

  @Field(() => FollowUp, {
    description: 'The follow-up clock it sets on the police: NONE unless a FILING_SUPERVISION consultation.',
  })
  @IsEnum(FollowUp)
  followUp: FollowUp;
}

@ArgsType()
export class RecordPoliceResponseArgs extends ConsultationIdArgs {
  @Field({ description: `The police response, 1-${TEXT_MAX_LENGTH} characters.` })
  @trimmed()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(TEXT_MAX_LENGTH)
  response: string;
}

@InputType({ description: 'Narrows a list of consultations; every condition given must hold.' })
export class ConsultationFilter {
  @Field(() => [ConsultationState], {
    nullable: true,
    description: 'Any of these states; null or empty = all.',
  })
  @IsOptional()
  @ArrayMaxSize(Object.keys(ConsultationState).length)
  @IsEnum(ConsultationState, { each: true })
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
export class ConsultationListArgs {
  @Field(() => ConsultationFilter, { nullable: true, description: 'Conditions; null = every consultation.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsultationFilter)
  filter?: ConsultationFilter;

  @Field(() => Int, { nullable: true, defaultValue: 50, description: `Page size, 1-${MAX_PAGE}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  first: number;

  @Field(() => String, {
    nullable: true,
    description: "The previous page's `nextCursor`; null = the first page.",
  })
  @IsOptional()
  @MaxLength(PAGE_TOKEN_MAX_LENGTH)
  after?: string;
}

@ArgsType()
export class ConsultationStatisticsArgs {
  @Field(() => String, { nullable: true, description: 'One ISCO; null = every ISCO the caller may see.' })
  @IsOptional()
  @Matches(ISCO_CODE, ISCO_MESSAGE)
  iscoOrg?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Consultations logged on or after this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.',
  })
  @IsOptional()
  @Matches(DATE, MESSAGES.ON_DATE)
  fromDate?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Consultations logged on or before this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.',
  })
  @IsOptional()
  @Matches(DATE, MESSAGES.ON_DATE)
  toDate?: string;
}
