import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsOptional,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  AGREEMENT_CODE,
  CASE_NUMBER,
  DIVISION_CODE,
  NOTE_MAX_LENGTH,
  ORGANIZATION_CODE,
  SCOPE_CODE,
  SUMMARY_MAX_LENGTH,
} from '@yiti/contracts';
import {
  ObjectionGrounds,
  ReturnReason,
  ScorecardGrouping,
  TransferKind,
  TransferState,
} from './transfers.models.js';
import {
  EnumSetField,
  IdempotencyKeyField,
  IdField,
  OptionalDateField,
  OptionalTextField,
  RequiredTextField,
} from '../graphql/input-fields.js';
import { MESSAGES, NOT_BLANK, trimmed } from '../graphql/input-messages.js';
import { IsBusinessLine, IsCaseCategory } from '../graphql/reference-codes.js';
import { FilteredPageArgs } from '../graphql/paging.js';

@InputType({ description: "What the sender writes; everything else is the service's." })
export class TransferContentInput {
  @Field({ description: 'The receiving organization, e.g. proc-540124; not your own.' })
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  receiverOrg: string;

  @Field(() => TransferKind, { description: 'Case or lead.' })
  @IsEnum(TransferKind)
  kind: TransferKind;

  @Field({ description: 'e.g. `criminal`, `public-interest` (the `businessLines` query lists them).' })
  @Matches(SCOPE_CODE, MESSAGES.SCOPE)
  @IsBusinessLine()
  businessLine: string;

  @Field({ description: 'e.g. `ecology-resources`: a category of the business line.' })
  @Matches(SCOPE_CODE, MESSAGES.SCOPE)
  @IsCaseCategory('businessLine')
  category: string;

  @Field(() => String, {
    nullable: true,
    description:
      "Where the case or lead arose (six digits; a legacy code is translated); null = the sender's own.",
  })
  @IsOptional()
  @Matches(DIVISION_CODE, MESSAGES.DIVISION)
  divisionCode?: string;

  @RequiredTextField(SUMMARY_MAX_LENGTH, `What it is about: 1-${SUMMARY_MAX_LENGTH} characters.`)
  summary: string;

  @Field(() => String, {
    nullable: true,
    description: "The sender's document number, e.g. 贡检移〔2026〕3号; null if none.",
  })
  @IsOptional()
  @trimmed()
  @ValidateIf((_o, value) => value !== '')
  @Matches(CASE_NUMBER, MESSAGES.DOCUMENT_NUMBER)
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
  @IdempotencyKeyField('the first result')
  idempotencyKey: string;
}

@ArgsType()
export class TransferIdArgs {
  @IdField('The transfer id (UUID).', MESSAGES.TRANSFER_ID)
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
  @IdempotencyKeyField('the first result')
  idempotencyKey: string;
}

@ArgsType()
export class AcceptTransferArgs extends TransferIdArgs {
  @OptionalTextField(NOTE_MAX_LENGTH, `A note, at most ${NOTE_MAX_LENGTH} characters.`)
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

  @RequiredTextField(
    NOTE_MAX_LENGTH,
    `The explanation the heads' consultation starts from, 1-${NOTE_MAX_LENGTH} characters.`,
  )
  text: string;
}

@ArgsType()
export class EscalateTransferArgs extends TransferIdArgs {
  @RequiredTextField(
    NOTE_MAX_LENGTH,
    `Why the common superior should decide, 1-${NOTE_MAX_LENGTH} characters.`,
  )
  text: string;
}

@ArgsType()
export class DesignateJurisdictionArgs extends TransferIdArgs {
  @Field({ description: 'The organization that handles it: one under the designating procuratorate.' })
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  handlingOrg: string;

  @RequiredTextField(NOTE_MAX_LENGTH, `The designation's reasons, 1-${NOTE_MAX_LENGTH} characters.`)
  text: string;
}

@InputType({ description: 'Narrows a list of transfers; every condition given must hold.' })
export class TransferFilter {
  @EnumSetField(TransferState, 'Any of these states; null or empty = all.')
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
export class TransferListArgs extends FilteredPageArgs(
  TransferFilter,
  'Conditions; null = every transfer of the list.',
) {}

@ArgsType()
export class TransferScorecardsArgs {
  @Field(() => ScorecardGrouping, { description: 'One scorecard per pact, or per organization.' })
  @IsEnum(ScorecardGrouping)
  groupBy: ScorecardGrouping;

  @OptionalDateField('Transfers sent on or after this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.')
  fromDate?: string;

  @OptionalDateField('Transfers sent on or before this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.')
  toDate?: string;
}
