import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEnum,
  IsInt,
  IsOptional,
  isRFC3339,
  Matches,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  MAX_ATTENDEES,
  MINUTES_MAX_LENGTH,
  NOTE_MAX_LENGTH,
  ORGANIZATION_CODE,
  TITLE_MAX_LENGTH,
} from '@yiti/contracts';
import {
  EnumSetField,
  IdempotencyKeyField,
  IdField,
  OptionalDateField,
  OptionalTextField,
  RequiredTextField,
} from '../graphql/input-fields.js';
import { MESSAGES, NOT_BLANK, trimmed } from '../graphql/input-messages.js';
import { FilteredPageArgs } from '../graphql/paging.js';
import { MeetingKind, MeetingState } from './meetings.models.js';

/** As the meetings service checks them (apps/meetings/src/meetings/details.ts). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
/** A username as the identity provider issues them. */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const LOCATION_MAX_LENGTH = TITLE_MAX_LENGTH;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

const VERSION_DESCRIPTION =
  'The `version` of the meeting the change was made on: if it changed meanwhile, the change is refused (CONFLICT).';

/** Whether `YYYY-MM-DD…` starts with a day the calendar has (not 2026-02-30, which Date rolls over to March). */
const realDay = (v: string) => {
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
};

/** An RFC 3339 date-time with seconds and an offset, on a real day at a real time (no month 13, no 25:00). */
const IsDateTime = () =>
  ValidateBy(
    {
      name: 'isDateTime',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && RFC3339.test(v) && isRFC3339(v) && realDay(v),
      },
    },
    MESSAGES.DATE_TIME,
  );

/** A meeting with a time has a place; a draft without one may have a planned place. */
const hasTime = (o: { startsAt?: string | null; endsAt?: string | null }) =>
  (o.startsAt ?? '') !== '' || (o.endsAt ?? '') !== '';

@InputType({ description: 'An organization, or one of its people, to invite.' })
export class InviteeInput {
  @Field({ description: 'Organization code, e.g. proc-540124; the directory must know it.' })
  @Matches(ORGANIZATION_CODE, MESSAGES.ORGANIZATION)
  org: string;

  @Field(() => String, {
    nullable: true,
    description: 'A person of that organization (username); null = the organization.',
  })
  @IsOptional()
  @trimmed()
  @ValidateIf((_o, value) => value !== '')
  @Matches(USERNAME, MESSAGES.USERNAME)
  username?: string;
}

/** What every meeting's details have, with or without a time. */
@InputType({ isAbstract: true })
abstract class MeetingBasicsInput {
  @Field(() => MeetingKind, {
    description: 'What the meeting is for (it decides the quorum); it never changes.',
  })
  @IsEnum(MeetingKind)
  kind: MeetingKind;

  @RequiredTextField(TITLE_MAX_LENGTH, `The title, 1-${TITLE_MAX_LENGTH} characters.`)
  title: string;

  @Field(() => [InviteeInput], {
    description: `Invited organizations and people (at most ${MAX_ATTENDEES}); the host need not be listed.`,
  })
  @ArrayMaxSize(MAX_ATTENDEES)
  @ValidateNested({ each: true })
  @Type(() => InviteeInput)
  invitees: InviteeInput[];
}

@InputType({
  description:
    "A meeting's details: what the secretary decides before it starts. A draft without a time may be edited without giving one (scheduleMeeting gives it).",
})
export class MeetingDetailsInput extends MeetingBasicsInput {
  @Field(() => String, {
    nullable: true,
    description:
      'When it starts: RFC 3339 with seconds and an offset, e.g. 2026-05-12T09:30:00+08:00; a new start must be in the future. null only for a draft without a time.',
  })
  @ValidateIf(hasTime)
  @IsDateTime()
  startsAt?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'When it ends: RFC 3339, after `startsAt` and within 7 days of it. null only with `startsAt`.',
  })
  @ValidateIf(hasTime)
  @IsDateTime()
  endsAt?: string;

  @Field(() => String, {
    nullable: true,
    description: `Where, 1-${LOCATION_MAX_LENGTH} characters (required with a time).`,
  })
  @trimmed()
  @ValidateIf((o: MeetingDetailsInput) => hasTime(o) || (o.location ?? '') !== '')
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(LOCATION_MAX_LENGTH)
  location?: string;
}

@InputType({ description: 'A new meeting (scheduled: it has a time and place), and the idempotency key.' })
export class CreateMeetingInput extends MeetingBasicsInput {
  @Field({
    description:
      'When it starts: RFC 3339 with seconds and an offset, in the future, e.g. 2026-05-12T09:30:00+08:00.',
  })
  @IsDateTime()
  startsAt: string;

  @Field({ description: 'When it ends: RFC 3339, after `startsAt` and within 7 days of it.' })
  @IsDateTime()
  endsAt: string;

  @RequiredTextField(LOCATION_MAX_LENGTH, `Where, 1-${LOCATION_MAX_LENGTH} characters.`)
  location: string;

  @IdempotencyKeyField('the first meeting')
  idempotencyKey: string;
}

@ArgsType()
export class MeetingIdArgs {
  @IdField('The meeting id (UUID).', MESSAGES.MEETING_ID)
  id: string;
}

@ArgsType()
export class VersionedMeetingArgs extends MeetingIdArgs {
  @Field(() => Int, { description: VERSION_DESCRIPTION })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@ArgsType()
export class UpdateMeetingArgs extends VersionedMeetingArgs {
  @Field(() => MeetingDetailsInput, { description: 'The new details (replace all of them).' })
  @ValidateNested()
  @Type(() => MeetingDetailsInput)
  details: MeetingDetailsInput;
}

@ArgsType()
export class ScheduleMeetingArgs extends VersionedMeetingArgs {
  @Field({
    description:
      'When it starts: RFC 3339 with seconds and an offset, in the future, e.g. 2026-05-12T09:30:00+08:00.',
  })
  @IsDateTime()
  startsAt: string;

  @Field({ description: 'When it ends: RFC 3339, after `startsAt` and within 7 days of it.' })
  @IsDateTime()
  endsAt: string;

  @OptionalTextField(
    LOCATION_MAX_LENGTH,
    `Where, at most ${LOCATION_MAX_LENGTH} characters; null = the draft's planned place (there must be one).`,
  )
  location?: string;
}

@ArgsType()
export class WriteMinutesArgs extends VersionedMeetingArgs {
  @Field({
    description: `The minutes, 1-${MINUTES_MAX_LENGTH} characters (CR LF line ends become LF; surrounding whitespace is trimmed).`,
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : value,
  )
  @Matches(NOT_BLANK, MESSAGES.REQUIRED)
  @MaxLength(MINUTES_MAX_LENGTH)
  minutes: string;
}

@ArgsType()
export class SignMinutesArgs extends MeetingIdArgs {
  @Field({
    description: 'The `minutesDigest` the signer saw: signing fails if the minutes are not exactly that.',
  })
  @Matches(SHA256_HEX, MESSAGES.SHA256)
  digest: string;
}

@ArgsType()
export class CancelMeetingArgs extends VersionedMeetingArgs {
  @RequiredTextField(NOTE_MAX_LENGTH, `Why, 1-${NOTE_MAX_LENGTH} characters.`)
  reason: string;
}

@InputType({ description: 'Narrows a list of meetings; every condition given must hold.' })
export class MeetingFilter {
  @Field(() => MeetingKind, { nullable: true, description: 'Only meetings of this kind.' })
  @IsOptional()
  @IsEnum(MeetingKind)
  kind?: MeetingKind;

  @EnumSetField(MeetingState, 'Any of these states; null or empty = all.')
  states?: MeetingState[];

  @OptionalDateField('Meetings starting on or after this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.')
  fromDate?: string;

  @OptionalDateField(
    'Meetings starting on or before this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.',
  )
  toDate?: string;
}

@ArgsType()
export class MeetingListArgs extends FilteredPageArgs(
  MeetingFilter,
  'Conditions; null = every meeting the caller sees.',
) {}

@ArgsType()
export class MeetingStatisticsArgs {
  @OptionalDateField(
    'Meetings concluded on or after this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.',
  )
  fromDate?: string;

  @OptionalDateField(
    'Meetings concluded on or before this date (YYYY-MM-DD, Asia/Shanghai); null = unbounded.',
  )
  toDate?: string;
}
