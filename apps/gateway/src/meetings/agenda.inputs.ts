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
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CASE_NUMBER,
  MAX_AGENDA_ITEMS,
  MAX_ATTENDEES,
  NOTE_MAX_LENGTH,
  ORGANIZATION_CODE,
  POLICE_CASE_NUMBER,
  SUMMARY_MAX_LENGTH,
  TITLE_MAX_LENGTH,
} from '@yiti/contracts';
import { EnumSetField, IdField, OptionalTextField, RequiredTextField } from '../graphql/input-fields.js';
import { MESSAGES, trimmed } from '../graphql/input-messages.js';
import { USERNAME, VersionedMeetingArgs } from './meetings.inputs.js';
import { ActionStatus, AttendeeRole, ConsultationOutcome } from './meetings.models.js';

/*
 * What the secretary records at a meeting (attendance, agenda items with their decisions and action items), and
 * what owners do with action items.
 */

/** As the meetings service checks them (apps/meetings/src/meetings/agenda.ts). */
const TEXT_MAX_LENGTH = SUMMARY_MAX_LENGTH;
const MAX_MINORITIES = 20;
const MAX_ACTIONS_PER_ITEM = 50;
const MAX_DUE_WITHIN_DAYS = 250;

const CASE_NUMBER_MESSAGE = {
  message: '$property must be a case number such as 贡检刑诉〔2026〕12号 or a police case number',
};

@InputType({ description: 'Someone on the attendance list.' })
export class AttendeeInput {
  @Field({ description: 'Username; each person once in the list.' })
  @trimmed()
  @Matches(USERNAME, MESSAGES.USERNAME)
  username: string;

  @Field({ description: 'Their organization: the host or an invited one.' })
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  org: string;

  @Field(() => AttendeeRole, { description: 'In what capacity they attend (it decides the quorum).' })
  @IsEnum(AttendeeRole)
  role: AttendeeRole;

  @Field({ description: 'Present (true) or absent. Present attendees hold opinions and sign the minutes.' })
  @IsBoolean()
  present: boolean;
}

@InputType({ description: 'An opinion on an agenda item and who holds it.' })
export class OpinionInput {
  @RequiredTextField(TEXT_MAX_LENGTH, `The opinion, 1-${TEXT_MAX_LENGTH} characters.`)
  text: string;

  @Field(() => [String], {
    description:
      'Usernames of the present attendees who hold it (at least one); a person holds at most one opinion of an item.',
  })
  @trimmed()
  @ArrayMinSize(1, { message: '$property must name who holds it' })
  @ArrayMaxSize(MAX_ATTENDEES)
  @Matches(USERNAME, MESSAGES.USERNAMES)
  holders: string[];
}

@InputType({ description: 'A task an agenda item gives an organization.' })
export class ActionItemInput {
  @IdField(
    "The id of the item's existing action item this one replaces (to keep its id and status); null = new.",
    MESSAGES.ACTION_ITEM_ID,
    { nullable: true },
  )
  id?: string;

  @Field({ description: 'The owner organization, e.g. police-540522; the directory must know it.' })
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  ownerOrg: string;

  @RequiredTextField(NOTE_MAX_LENGTH, `What to do, 1-${NOTE_MAX_LENGTH} characters.`)
  description: string;

  @Field(() => Int, {
    description: `Due within this many working days after the meeting concludes (1-${MAX_DUE_WITHIN_DAYS}).`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_DUE_WITHIN_DAYS)
  dueWithinDays: number;
}

@InputType({
  description:
    'An agenda item: what it is about (at most one of a transfer, a case number or a consultation) and, only in session, what was decided.',
})
export class AgendaItemInput {
  @Field(() => Int, {
    description: `Its number: an existing one replaces the item, the next one adds it (1-${MAX_AGENDA_ITEMS}).`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_AGENDA_ITEMS)
  number: number;

  @RequiredTextField(TITLE_MAX_LENGTH, `The title, 1-${TITLE_MAX_LENGTH} characters.`)
  title: string;

  @IdField('The transfer it is about (UUID).', MESSAGES.TRANSFER_ID, { nullable: true })
  transferId?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The case it is about: a document number such as 贡检刑诉〔2026〕12号, or a police case number.',
  })
  @IsOptional()
  @trimmed()
  @ValidateIf((_o, value) => value !== '')
  @ValidateBy(
    {
      name: 'isCaseNumber',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'string' && (CASE_NUMBER.test(v) || POLICE_CASE_NUMBER.test(v)),
      },
    },
    CASE_NUMBER_MESSAGE,
  )
  caseNumber?: string;

  @IdField('The police consultation it is about (UUID).', MESSAGES.CONSULTATION_ID, { nullable: true })
  consultationId?: string;

  @OptionalTextField(
    TEXT_MAX_LENGTH,
    `The decision, at most ${TEXT_MAX_LENGTH} characters (only in session).`,
  )
  decision?: string;

  @Field(() => OpinionInput, { nullable: true, description: 'The majority opinion (only in session).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OpinionInput)
  majority?: OpinionInput;

  @Field(() => [OpinionInput], {
    nullable: true,
    description: `Minority opinions, at most ${MAX_MINORITIES} (only in session).`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_MINORITIES)
  @ValidateNested({ each: true })
  @Type(() => OpinionInput)
  minorities?: OpinionInput[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'Refer it to the procuratorial committee (检察委员会); null = false (only in session).',
  })
  @IsOptional()
  @IsBoolean()
  referToCommittee?: boolean;

  @Field(() => [ActionItemInput], {
    nullable: true,
    description: `The tasks it gives, at most ${MAX_ACTIONS_PER_ITEM} (only in session).`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_ACTIONS_PER_ITEM)
  @ValidateNested({ each: true })
  @Type(() => ActionItemInput)
  actions?: ActionItemInput[];

  @Field(() => ConsultationOutcome, {
    nullable: true,
    description:
      "What the heads decided about the item's transfer: only in a heads' consultation, on an item with a `transferId` (only in session).",
  })
  @IsOptional()
  @IsEnum(ConsultationOutcome)
  transferOutcome?: ConsultationOutcome;
}

@ArgsType()
export class RecordAttendanceArgs extends VersionedMeetingArgs {
  @Field(() => [AttendeeInput], {
    description: `The whole attendance list (at most ${MAX_ATTENDEES}): it replaces the previous one.`,
  })
  @ArrayMaxSize(MAX_ATTENDEES)
  @ValidateNested({ each: true })
  @Type(() => AttendeeInput)
  attendees: AttendeeInput[];
}

@ArgsType()
export class RecordAgendaItemArgs extends VersionedMeetingArgs {
  @Field(() => AgendaItemInput, { description: 'The item to add or replace.' })
  @ValidateNested()
  @Type(() => AgendaItemInput)
  item: AgendaItemInput;
}

@ArgsType()
export class MyActionItemsArgs {
  @EnumSetField(ActionStatus, 'Any of these statuses; null or empty = all.')
  statuses?: ActionStatus[];
}

@ArgsType()
export class UpdateActionItemArgs {
  @IdField('The meeting that gave it (UUID).', MESSAGES.MEETING_ID)
  meetingId: string;

  @IdField('The action item (UUID).', MESSAGES.ACTION_ITEM_ID)
  actionId: string;

  @Field(() => ActionStatus, { description: 'Its new status.' })
  @IsEnum(ActionStatus)
  status: ActionStatus;
}
