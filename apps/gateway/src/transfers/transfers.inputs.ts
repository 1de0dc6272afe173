import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  AGREEMENT_CODE,
  CASE_NUMBER,
  DATE,
  DIVISION_CODE,
  IDEMPOTENCY_KEY,
  NOTE_MAX_LENGTH,
  ORGANIZATION_CODE,
  SCOPE_CODE,
  SUMMARY_MAX_LENGTH,
  UUID,
} from '@yiti/contracts';
import {
  ObjectionGrounds,
  ReturnReason,
  ScorecardGrouping,
  TransferKind,
  TransferState,
} from './transfers.models.js';
import { MESSAGES, NOT_BLANK } from '../graphql/input-messages.js';

/** The service's page sizes. */
const MAX_PAGE = 200;
const PAGE_TOKEN_MAX_LENGTH = 512;

const TRANSFER_ID = { message: '$property must be a transfer id (a UUID)' };
const DOCUMENT_NUMBER = { message: '$property must be a document number such as 贡检移〔2026〕3号' };
/** The service trims text before checking it: so does the gateway, so both judge the same string. */
const trimmed = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

const IDEMPOTENCY_DESCRIPTION =
  'Required: a key (e.g. a UUID) the client makes once per intended change; a retry with the same key returns the first result.';

@InputType({ description: "What the sender writes; everything else is the service's." })
export class TransferContentInput {
  @Field({ description: 'The receiving organization, e.g. proc-540124; not your own.' })
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  receiverOrg: string;

  @Field(() => TransferKind, { description: 'Case or lead.' })
  @IsEnum(TransferKind)
  kind: TransferKind;

  @Field({ description: 'e.g. `criminal`, `public-interest`.' })
  @Matches(SCOPE_CODE, MESSAGES.SCOPE)
  businessLine: string;

  @Field({ description: 'e.g. `ecology-resources`.' })
  @Matches(SCOPE_CODE, MESSAGES.SCOPE)
  category: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Where the case or lead arose (six digits; a legacy code is translated); null = the sender's own.",
  })
  @IsOptional()
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  divisionCode?: string;

  @Field({ description: `What it is about: 1-${SUMMARY_MAX_LENGTH} characters.` })
  @trimmed()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(SUMMARY_MAX_LENGTH)
  summary: string;

  @Field(() => String, {
    nullable: true,
    description: "The sender's document number, e.g. 贡检移〔2026〕3号; null if none.",
  })
  @IsOptional()
  @trimmed()
  @ValidateIf((_o, value) => value !== '')
  @Matches(CASE_NUMBER, DOCUMENT_NUMBER)
  senderCaseNumber?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'A covering pact in force to cite; null = the covering pact is found when it is sent, or the default rules apply.',
  })
  @IsOptional()
  @Matches(AGREEMENT_CODE, MESSAGES.AGREEMENT)
  pactCode?: string;
}

@InputType({
  description: 'The content of a new transfer (or draft), and the idempotency key of the request.',
})
export class SendTransferInput extends TransferContentInput {
  @Field({ description: IDEMPOTENCY_DESCRIPTION })
  @Matches(IDEMPOTENCY_KEY, MESSAGES.IDEMPOTENCY)
  idempotencyKey: string;
}

@ArgsType()
export class TransferIdArgs {
  @Field(() => ID, { description: 'The transfer id (UUID).' })
  @Matches(UUID, TRANSFER_ID)
  id: string;
}

@ArgsType()
export class UpdateTransferDraftArgs extends TransferIdArgs {
  @Field(() => TransferContentInput, { description: "The draft's new content (replaces all of it)." })
  @ValidateNested()
  @Type(() => TransferContentInput)
  content: TransferContentInput;
}

@ArgsType()
export class SendTransferDraftArgs extends TransferIdArgs {
  @Field({ description: IDEMPOTENCY_DESCRIPTION })
  @Matches(IDEMPOTENCY_KEY, MESSAGES.IDEMPOTENCY)
  idempotencyKey: string;
}

@ArgsType()
export class AcceptTransferArgs extends TransferIdArgs {
  @Field(() => String, { nullable: true, description: `A note, at most ${NOTE_MAX_LENGTH} characters.` })
  @IsOptional()
  @trimmed()
  @MaxLength(NOTE_MAX_LENGTH)
  note?: string;
}

@ArgsType()
export class ReturnTransferArgs extends TransferIdArgs {
  @Field(() => ReturnReason, { description: 'Why it goes back to the sender.' })
  @IsEnum(ReturnReason)
  reason: ReturnReason;

  @Field(() => String, {
    nullable: true,
    description: `The explanation (required for OTHER), at most ${NOTE_MAX_LENGTH} characters.`,
  })
  @trimmed()
  @ValidateIf((o: ReturnTransferArgs) => o.reason === ReturnReason.OTHER || (o.text ?? '') !== '')
  @Matches(NOT_BLANK, { message: '$property is required for OTHER' })
  @MaxLength(NOTE_MAX_LENGTH)
  text?: string;
}

@ArgsType()
export class ObjectToTransferArgs extends TransferIdArgs {
  @Field(() => ObjectionGrounds, { description: 'Why the receiver disputes it.' })
  @IsEnum(ObjectionGrounds)
  grounds: ObjectionGrounds;

  @Field({
    description: `The explanation the heads' consultation starts from, 1-${NOTE_MAX_LENGTH} characters.`,
  })
  @trimmed()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(NOTE_MAX_LENGTH)
  text: string;
}

@ArgsType()
export class EscalateTransferArgs extends TransferIdArgs {
  @Field({ description: `Why the common superior should decide, 1-${NOTE_MAX_LENGTH} characters.` })
  @trimmed()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(NOTE_MAX_LENGTH)
  text: string;
}

@ArgsType()
export class DesignateJurisdictionArgs extends TransferIdArgs {
  @Field({ description: 'The organization that handles it: one under the designating procuratorate.' })
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  handlingOrg: string;

  @Field({ description: `The designation's reasons, 1-${NOTE_MAX_LENGTH} characters.` })
  @trimmed()
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(NOTE_MAX_LENGTH)
  text: string;
}

@InputType({ description: 'Narrows a list of transfers; every condition given must hold.' })
export class TransferFilter {
  @Field(() => [TransferState], { nullable: true, description: 'Any of these states; null or empty = all.' })
  @IsOptional()
  @ArrayMaxSize(Object.keys(TransferState).length)
  @IsEnum(TransferState, { each: true })
  states?: TransferState[];

  @Field(() => TransferKind, { nullable: true, description: 'Only cases or only leads.' })
  @IsOptional()
  @IsEnum(TransferKind)
  kind?: TransferKind;

  @Field(() => String, { nullable: true, description: 'e.g. `criminal`.' })
  @IsOptional()
  @Matches(SCOPE_CODE, MESSAGES.SCOPE)
  businessLine?: string;

  @Field(() => String, { nullable: true, description: 'e.g. `ecology-resources`.' })
  @IsOptional()
  @Matches(SCOPE_CODE, MESSAGES.SCOPE)
  category?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The other side: the receiver in the outbox, the sender in the inbox and supervised lists.',
  })
  @IsOptional()
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  counterpartOrg?: string;

  @Field(() => String, { nullable: true, description: 'Transfers whose legal basis is this pact.' })
  @IsOptional()
  @Matches(AGREEMENT_CODE, MESSAGES.AGREEMENT)
  pactCode?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only transfers with an open deadline that has passed.',
  })
  @IsOptional()
  @IsBoolean()
  overdueOnly?: boolean;
}

@ArgsType()
export class TransferListArgs {
  @Field(() => TransferFilter, {
    nullable: true,
    description: 'Conditions; null = every transfer of the list.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => TransferFilter)
  filter?: TransferFilter;

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
export class TransferScorecardsArgs {
  @Field(() => ScorecardGrouping, { description: 'One scorecard per pact, or per organization.' })
  @IsEnum(ScorecardGrouping)
  groupBy: ScorecardGrouping;

  @Field(() => String, {
    nullable: true,
    description: 'Transfers sent on or after this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.',
  })
  @IsOptional()
  @Matches(DATE, MESSAGES.ON_DATE)
  fromDate?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Transfers sent on or before this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.',
  })
  @IsOptional()
  @Matches(DATE, MESSAGES.ON_DATE)
  toDate?: string;
}
