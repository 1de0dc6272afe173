import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/date-time.js';
import { PageModel } from '../graphql/paging.js';

export enum MeetingKind {
  HEADS_CONSULTATION = 'HEADS_CONSULTATION',
  PROSECUTORS_JOINT = 'PROSECUTORS_JOINT',
  ISCO_CONSULTATION = 'ISCO_CONSULTATION',
  PACT_LIAISON = 'PACT_LIAISON',
}
registerEnumType(MeetingKind, {
  name: 'MeetingKind',
  description: 'What a joint-liaison meeting (联席会议) is for; each kind has its own quorum.',
  valuesMap: {
    HEADS_CONSULTATION: {
      description:
        "三长会商: the heads of two offices on a disputed transfer. Quorum: a chief prosecutor present from each party (the transfer's sender and receiver, or the host and every invited organization).",
    },
    PROSECUTORS_JOINT: {
      description:
        '检察官联席会议: advisory, before the procuratorial committee. Quorum: at least 3 prosecutors present.',
    },
    ISCO_CONSULTATION: {
      description:
        'ISCO consultation meeting with police. Quorum: a prosecutor and a police officer present.',
    },
    PACT_LIAISON: { description: "Liaison meeting of a pact's parties. Quorum: two organizations present." },
  },
});

export enum MeetingState {
  DRAFT = 'DRAFT',
  SCHEDULED = 'SCHEDULED',
  IN_SESSION = 'IN_SESSION',
  CONCLUDED = 'CONCLUDED',
  MINUTES_APPROVED = 'MINUTES_APPROVED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(MeetingState, {
  name: 'MeetingState',
  description: '(draft →) scheduled → in session → concluded → minutes approved; or cancelled.',
  valuesMap: {
    DRAFT: {
      description:
        "Made automatically (a heads' consultation for an objected transfer) and not yet given a time.",
    },
    SCHEDULED: { description: 'Has a time and place; the secretary may still change its details.' },
    IN_SESSION: { description: 'Started: attendance and agenda items are recorded.' },
    CONCLUDED: {
      description: 'Closed with its quorum met; action items are due; minutes are written and signed.',
    },
    MINUTES_APPROVED: { description: 'Every present attendee validly signed the minutes (final).' },
    CANCELLED: { description: 'Called off with a reason (final).' },
  },
});

export enum AttendeeRole {
  CHIEF_PROSECUTOR = 'CHIEF_PROSECUTOR',
  PROSECUTOR = 'PROSECUTOR',
  POLICE = 'POLICE',
  SECRETARY = 'SECRETARY',
  OTHER = 'OTHER',
}
registerEnumType(AttendeeRole, {
  name: 'AttendeeRole',
  description: 'In what capacity someone attends (it decides the quorum).',
});

export enum ActionStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
}
registerEnumType(ActionStatus, { name: 'ActionStatus', description: 'Whether an action item is done.' });

export enum ConsultationOutcome {
  RECEIVER_ACCEPTS = 'RECEIVER_ACCEPTS',
  SENDER_RETAINS = 'SENDER_RETAINS',
  NO_AGREEMENT = 'NO_AGREEMENT',
}
registerEnumType(ConsultationOutcome, {
  name: 'ConsultationOutcome',
  description:
    "What a heads' consultation decided about the disputed transfer on its agenda; the transfers service applies it when the meeting concludes.",
  valuesMap: {
    RECEIVER_ACCEPTS: { description: 'The receiver takes the case after all (the transfer is resolved).' },
    SENDER_RETAINS: { description: 'The sender keeps it (the transfer is resolved).' },
    NO_AGREEMENT: {
      description: 'No agreement: the common superior procuratorate decides (the transfer escalates).',
    },
  },
});

@ObjectType('Invitee', { description: 'An organization, or one of its people, invited to a meeting.' })
export class InviteeModel {
  @Field({ description: 'Organization code; `organization` resolves it.' })
  org: string;
  @Field(() => String, {
    nullable: true,
    description: 'A person of that organization; null = the organization.',
  })
  username: string | null;
}

@ObjectType('Attendee', { description: 'Someone on the attendance list, present or excused.' })
export class AttendeeModel {
  @Field({ description: 'Username.' })
  username: string;
  @Field({ description: 'Their organization.' })
  org: string;
  @Field(() => AttendeeRole, { description: 'In what capacity they attend.' })
  role: AttendeeRole;
  @Field({ description: 'Present (false: invited but absent). Present attendees sign the minutes.' })
  present: boolean;
}

@ObjectType('Opinion', { description: 'An opinion on an agenda item and who holds it.' })
export class OpinionModel {
  @Field({ description: 'The opinion as minuted.' })
  text: string;
  @Field(() => [String], { description: 'Usernames of those who hold it.' })
  holders: string[];
}

@ObjectType('ActionItem', {
  description: 'A task an agenda item gives an organization; the owner sees it in `myActionItems`.',
})
export class ActionItemModel {
  @Field(() => ID, { description: 'Assigned by the service.' })
  id: string;
  @Field({ description: 'The organization that owns the task.' })
  ownerOrg: string;
  @Field({ description: 'What to do.' })
  description: string;
  @Field(() => Int, { description: 'Working days after the meeting concludes.' })
  dueWithinDays: number;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null until the meeting concludes.' })
  dueDate: string | null;
  @Field(() => ActionStatus, { description: 'Open or done.' })
  status: ActionStatus;
  @Field(() => ID, { description: 'The meeting that gave it.' })
  meetingId: string;
  @Field(() => Int, { description: 'The number of the agenda item that gave it.' })
  itemNumber: number;
  @Field({ description: 'Open past its due date.' })
  overdue: boolean;
  @Field({
    description:
      'The due date was counted over a year whose holiday arrangement is not published yet: it may still move ' +
      'when the schedule arrives.',
  })
  dueDateProvisional: boolean;
}

@ObjectType('AgendaItem', { description: 'One item of a meeting: what it is about and what was decided.' })
export class AgendaItemModel {
  @Field(() => Int, { description: '1, 2, 3…' })
  number: number;
  @Field({ description: 'The title of the item.' })
  title: string;
  @Field(() => ID, { nullable: true, description: 'The transfer it is about, if any.' })
  transferId: string | null;
  @Field(() => String, { nullable: true, description: 'The case number it is about, if any.' })
  caseNumber: string | null;
  @Field(() => ID, { nullable: true, description: 'The police consultation it is about, if any.' })
  consultationId: string | null;
  @Field(() => String, { nullable: true, description: 'The decision; null until recorded.' })
  decision: string | null;
  @Field(() => OpinionModel, { nullable: true, description: 'The majority opinion; null if none recorded.' })
  majority: OpinionModel | null;
  @Field(() => [OpinionModel], { description: 'Minority opinions, each with its holders.' })
  minorities: OpinionModel[];
  @Field({ description: 'Referred to the procuratorial committee (检察委员会).' })
  referToCommittee: boolean;
  @Field(() => [ActionItemModel], { description: 'The tasks the item gives.' })
  actions: ActionItemModel[];
  @Field(() => ConsultationOutcome, {
    nullable: true,
    description: "For a disputed transfer in a heads' consultation: what the heads decided; null otherwise.",
  })
  transferOutcome: ConsultationOutcome | null;
}

@ObjectType('MinutesSignature', { description: "A participant's signature of the minutes." })
export class MinutesSignatureModel {
  @Field({ description: 'Username of the signer.' })
  username: string;
  @Field({ description: "The signer's organization." })
  org: string;
  @Field(() => DateTimeScalar, { description: 'RFC 3339.' })
  signedAt: string;
  @Field({ description: 'SHA-256 (hex) of the minutes the signer signed.' })
  digest: string;
  @Field({ description: 'False when the minutes changed after this signature: it must be given again.' })
  valid: boolean;
}

@ObjectType('Meeting', {
  description:
    'A joint-liaison meeting (联席会议): its agenda, decisions, attendance, minutes and signatures. Every change names the `version` it was made on; a stale one is CONFLICT.',
})
export class MeetingModel {
  @Field(() => ID, { description: 'The meeting id.' })
  id: string;
  @Field(() => MeetingKind, { description: 'What the meeting is for (it decides the quorum).' })
  kind: MeetingKind;
  @Field(() => MeetingState, { description: 'Where it is in its lifecycle.' })
  state: MeetingState;
  @Field({ description: 'Code of the host organization; `host` resolves it.' })
  hostOrg: string;
  @Field({ description: 'The title.' })
  title: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'RFC 3339; null for a draft.' })
  startsAt: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'RFC 3339; null for a draft.' })
  endsAt: string | null;
  @Field(() => String, { nullable: true, description: 'Where it is held; null if not set.' })
  location: string | null;
  @Field(() => [InviteeModel], { description: 'Invited organizations and people.' })
  invitees: InviteeModel[];
  @Field(() => [AttendeeModel], { description: 'The attendance list as last recorded.' })
  attendees: AttendeeModel[];
  @Field(() => [AgendaItemModel], { description: 'Agenda items by number.' })
  agenda: AgendaItemModel[];
  @Field(() => String, { nullable: true, description: 'The minutes; null until written.' })
  minutes: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'SHA-256 (hex) of the minutes as they are now: what a participant signs. null until written.',
  })
  minutesDigest: string | null;
  @Field(() => [MinutesSignatureModel], { description: 'Signatures of the minutes, valid or invalidated.' })
  signatures: MinutesSignatureModel[];
  @Field(() => [String], { description: 'Present attendees who have not yet validly signed the minutes.' })
  awaitingSignatures: string[];
  @Field(() => Int, { description: 'Every change increments it; pass it as `expectedVersion` to change it.' })
  version: number;
  @Field(() => String, { nullable: true, description: 'Why it was cancelled; null unless CANCELLED.' })
  cancelledReason: string | null;
  @Field({ description: 'Username of whoever created it (`system` for an automatic one).' })
  createdBy: string;
  @Field(() => DateTimeScalar, { description: 'RFC 3339.' })
  createdAt: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'RFC 3339; null until concluded.' })
  concludedAt: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Where to GET it as an iCalendar event (with the bearer token): `/meetings/<id>/calendar.ics`; null while it has no time (a draft).',
  })
  calendarPath: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Where the gateway serves the minutes as PDF (GET with the bearer token); null until the meeting concludes.',
  })
  minutesPdfPath: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Where the gateway serves the minutes as Word (.docx) (GET with the bearer token); null until the meeting concludes.',
  })
  minutesDocxPath: string | null;
}

@ObjectType('MeetingPage', { description: 'One page of meetings.' })
export class MeetingPageModel extends PageModel(MeetingModel, 'The meetings of this page.') {}

@ObjectType('MeetingKindStatistics', {
  description:
    'The meetings of one kind an organization hosted and concluded in a period: what the city counts as joint meetings held and cases discussed.',
})
export class MeetingKindStatisticsModel {
  @Field({ description: 'The host organization; `host` resolves it.' })
  hostOrg: string;
  @Field(() => MeetingKind)
  kind: MeetingKind;
  @Field(() => Int, { description: 'Meetings concluded in the period (minutes approved or not).' })
  meetingsHeld: number;
  @Field(() => Int, {
    description: 'Distinct transfers, case numbers and police consultations on their agendas.',
  })
  casesDiscussed: number;
  @Field(() => Int, { description: 'Agenda items referred to the procuratorial committee.' })
  referredToCommittee: number;
}
