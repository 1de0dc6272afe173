import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AttachmentFieldsModel } from '../attachments/attachment.models.js';
import { DateTimeScalar } from '../graphql/date-time.js';
import { PageModel } from '../graphql/paging.js';

export enum TransferKind {
  CASE = 'CASE',
  LEAD = 'LEAD',
}
registerEnumType(TransferKind, {
  name: 'TransferKind',
  valuesMap: { CASE: { description: '案件: a case.' }, LEAD: { description: '线索: a lead.' } },
});

export enum TransferState {
  DRAFT = 'DRAFT',
  SENT = 'SENT',
  RECEIVED = 'RECEIVED',
  ACCEPTED = 'ACCEPTED',
  RETURNED = 'RETURNED',
  OBJECTED = 'OBJECTED',
  IN_CONSULTATION = 'IN_CONSULTATION',
  RESOLVED = 'RESOLVED',
  ESCALATED = 'ESCALATED',
  DESIGNATED = 'DESIGNATED',
}
registerEnumType(TransferState, {
  name: 'TransferState',
  description:
    'draft → sent → received → accepted | returned | objected → in consultation → resolved | escalated → designated.',
  valuesMap: {
    DRAFT: { description: 'Only the sender sees it; it can still be edited.' },
    SENT: { description: 'Sent; the receiver has not opened it yet.' },
    RECEIVED: { description: 'The receiver opened it: the receipt is recorded and the decide clock runs.' },
    ACCEPTED: { description: 'The receiver took it (final).' },
    RETURNED: { description: 'The receiver sent it back with a coded reason (final).' },
    OBJECTED: { description: 'The receiver disputes it with coded grounds.' },
    IN_CONSULTATION: { description: "A heads' consultation (三长会商) is scheduled for the dispute." },
    RESOLVED: { description: 'The consultation decided: see `resolution` (final).' },
    ESCALATED: { description: 'The common superior procuratorate decides the dispute.' },
    DESIGNATED: {
      description: 'The common superior designated the handling organization, 指定管辖 (final).',
    },
  },
});

export enum ReturnReason {
  NOT_OUR_JURISDICTION = 'NOT_OUR_JURISDICTION',
  INCOMPLETE_MATERIALS = 'INCOMPLETE_MATERIALS',
  DUPLICATE = 'DUPLICATE',
  OTHER = 'OTHER',
}
registerEnumType(ReturnReason, {
  name: 'ReturnReason',
  description: 'Why a receiver returns a transfer; OTHER needs an explanation.',
});

export enum ObjectionGrounds {
  SENDER_HAS_JURISDICTION = 'SENDER_HAS_JURISDICTION',
  THIRD_PARTY_HAS_JURISDICTION = 'THIRD_PARTY_HAS_JURISDICTION',
  OUTSIDE_PACT_SCOPE = 'OUTSIDE_PACT_SCOPE',
  FACTS_DISPUTED = 'FACTS_DISPUTED',
  OTHER = 'OTHER',
}
registerEnumType(ObjectionGrounds, {
  name: 'ObjectionGrounds',
  description: 'Why a receiver disputes a transfer.',
  valuesMap: {
    SENDER_HAS_JURISDICTION: { description: 'The sender has jurisdiction itself.' },
    THIRD_PARTY_HAS_JURISDICTION: { description: 'Another organization has jurisdiction.' },
    OUTSIDE_PACT_SCOPE: { description: 'The cited pact does not cover this case or lead.' },
    FACTS_DISPUTED: { description: 'The facts as stated do not support a transfer.' },
  },
});

export enum Resolution {
  ACCEPTED_BY_RECEIVER = 'ACCEPTED_BY_RECEIVER',
  RETAINED_BY_SENDER = 'RETAINED_BY_SENDER',
}
registerEnumType(Resolution, { name: 'Resolution', description: "What the heads' consultation decided." });

export enum Deadline {
  ACKNOWLEDGE = 'ACKNOWLEDGE',
  DECIDE = 'DECIDE',
  CONSULTATION = 'CONSULTATION',
}
registerEnumType(Deadline, {
  name: 'Deadline',
  description: 'The working-day deadlines of a transfer.',
  valuesMap: {
    ACKNOWLEDGE: { description: 'The receiver opens it (from sending).' },
    DECIDE: { description: 'The receiver accepts, returns or objects (from receipt).' },
    CONSULTATION: { description: "The heads' consultation decides the dispute (from the objection)." },
  },
});

export enum ScorecardGrouping {
  PACT = 'PACT',
  ORGANIZATION = 'ORGANIZATION',
}
registerEnumType(ScorecardGrouping, { name: 'ScorecardGrouping' });

@ObjectType('TransferLegalBasis', {
  description: 'Why the transfer goes to the receiver (a covering pact or the default rules) and its limits.',
})
export class TransferLegalBasisModel {
  @Field(() => String, { nullable: true, description: 'The covering pact; null under the default rules.' })
  pactCode: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'The version in force when sent; null under the default rules.',
  })
  pactVersion: number | null;
  @Field(() => String, { nullable: true, description: 'The pact title; null under the default rules.' })
  pactTitle: string | null;
  @Field(() => Int, { description: 'Working days from sending within which the receiver opens it.' })
  acknowledgeWithinDays: number;
  @Field(() => Int, { description: 'Working days from receipt within which the receiver decides.' })
  decideWithinDays: number;
}

@ObjectType('TransferDeadline', { description: 'One deadline that applies so far, met or missed.' })
export class TransferDeadlineModel {
  @Field(() => Deadline, { description: 'Which deadline.' })
  deadline: Deadline;
  @Field(() => DateTimeScalar, { description: 'RFC 3339: the end of the last working day (Asia/Shanghai).' })
  dueAt: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it was met (RFC 3339); null while open.',
  })
  metAt: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was missed (RFC 3339); null if not.' })
  overdueSince: string | null;
  @Field({
    description:
      'The last working day (Asia/Shanghai), YYYY-MM-DD — the day the law means; `dueAt` is 24:00 of it.',
  })
  localDate: string;
  @Field({
    description:
      'Counted over a year whose holiday arrangement is not published yet (make-up working days unknown): it ' +
      'may still move when the schedule arrives (a `deadline-moved` event then says so).',
  })
  provisional: boolean;
}

@ObjectType('TransferAttachment', {
  description: 'A file attached to a transfer. Its content is served over HTTP at `downloadPath`.',
})
export class TransferAttachmentModel extends AttachmentFieldsModel {
  @Field({
    description:
      'Where to GET the content (with the bearer token): `/transfers/<id>/attachments/<attachmentId>`.',
  })
  declare downloadPath: string;
}

@ObjectType('TransferTimelineEntry', { description: 'One step in the life of a transfer.' })
export class TransferTimelineEntryModel {
  @Field(() => DateTimeScalar, { description: 'RFC 3339 with milliseconds.' })
  at: string;
  @Field({ description: 'e.g. `created`, `sent`, `received`, `accepted`, `attachment-added`, `overdue`.' })
  action: string;
  @Field({ description: 'Username of whoever acted (`system` for the clock or an event).' })
  actor: string;
  @Field({ description: "The actor's organization." })
  actorOrg: string;
  @Field(() => TransferState, { nullable: true, description: 'The state before the step.' })
  fromState: TransferState | null;
  @Field(() => TransferState, { nullable: true, description: 'The state after the step.' })
  toState: TransferState | null;
  @Field(() => String, { nullable: true, description: 'The explanation given, if any.' })
  note: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The coded reason, grounds or deadline of the step, if any.',
  })
  code: string | null;
}

@ObjectType('Transfer', { description: 'A case or lead transfer (案件/线索移送) between two organizations.' })
export class TransferModel {
  @Field(() => ID, { description: 'The transfer id (UUID).' })
  id: string;
  @Field({ description: 'Code of the sending organization; `sender` resolves it.' })
  senderOrg: string;
  @Field({ description: 'Code of the receiving organization; `receiver` resolves it.' })
  receiverOrg: string;
  @Field(() => TransferKind, { description: 'Case or lead.' })
  kind: TransferKind;
  @Field({ description: 'e.g. `criminal`, `public-interest`.' })
  businessLine: string;
  @Field({ description: 'e.g. `ecology-resources`.' })
  category: string;
  @Field({ description: 'Division where the case or lead arose (six digits, current code).' })
  divisionCode: string;
  @Field({ description: 'What the case or lead is about.' })
  summary: string;
  @Field(() => String, {
    nullable: true,
    description: "The sender's document number, e.g. 贡检移〔2026〕3号.",
  })
  senderCaseNumber: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The pact the sender cites (a draft); once sent, the pact of the legal basis. null = found automatically, or the default rules.',
  })
  citedPactCode: string | null;
  @Field(() => TransferState, { description: 'Where it is in its lifecycle.' })
  state: TransferState;
  @Field(() => TransferLegalBasisModel, {
    nullable: true,
    description:
      'Chosen when it is sent (the covering pact in force that day, or the default rules); null for a draft.',
  })
  legalBasis: TransferLegalBasisModel | null;
  @Field(() => Resolution, {
    nullable: true,
    description: "The heads' consultation's decision; null until RESOLVED.",
  })
  resolution: Resolution | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Who handles it now: the receiver once accepted, the sender when returned or retained, or the designated organization.',
  })
  handlingOrg: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The common superior procuratorate that decides an escalated dispute; null if there is none.',
  })
  commonSuperiorOrg: string | null;
  @Field(() => ReturnReason, { nullable: true, description: 'Why it was returned; null unless RETURNED.' })
  returnReason: ReturnReason | null;
  @Field(() => ObjectionGrounds, {
    nullable: true,
    description: 'Why it was objected to; null unless disputed.',
  })
  objectionGrounds: ObjectionGrounds | null;
  @Field(() => String, {
    nullable: true,
    description: "The note of the acceptance, or the return's, objection's or designation's explanation.",
  })
  decisionText: string | null;
  @Field(() => String, { nullable: true, description: "The heads' consultation meeting, once scheduled." })
  consultationMeetingId: string | null;
  @Field(() => [TransferDeadlineModel], { description: 'The deadlines that apply so far.' })
  deadlines: TransferDeadlineModel[];
  @Field({ description: 'An open deadline has passed.' })
  overdue: boolean;
  @Field(() => [TransferAttachmentModel], { description: 'Complete uploads, oldest first; empty in lists.' })
  attachments: TransferAttachmentModel[];
  @Field(() => [TransferTimelineEntryModel], { description: 'Every step, oldest first; empty in lists.' })
  timeline: TransferTimelineEntryModel[];
  @Field({ description: 'Username of whoever created it.' })
  createdBy: string;
  @Field(() => DateTimeScalar, { description: 'RFC 3339.' })
  createdAt: string;
  @Field(() => DateTimeScalar, { nullable: true, description: 'RFC 3339; null for a draft.' })
  sentAt: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the receiver opened it (RFC 3339); null until then.',
  })
  receivedAt: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the receiver accepted, returned or objected (RFC 3339); null until then.',
  })
  decidedAt: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it reached a final state (RFC 3339); null while open.',
  })
  closedAt: string | null;
  @Field({ description: 'Demonstration data.' })
  demo: boolean;
}

@ObjectType('TransferPage', { description: 'One page of transfers, newest first.' })
export class TransferPageModel extends PageModel(
  TransferModel,
  'The transfers of this page (without attachments and timeline).',
) {}

@ObjectType('TransferScorecard', {
  description: 'How transfers fared, per pact or per organization, over the transfers the caller may see.',
})
export class TransferScorecardModel {
  @Field(() => String, {
    nullable: true,
    description: 'The pact code (null: the default rules) or the organization code.',
  })
  key: string | null;
  @Field(() => Int, { description: 'Transfers sent (per organization: sent by it).' })
  sent: number;
  @Field(() => Int, { description: 'Transfers the receiver opened (per organization: that it received).' })
  received: number;
  @Field(() => Int, { description: 'Accepted by the receiver.' })
  accepted: number;
  @Field(() => Int, { description: 'Returned by the receiver.' })
  returned: number;
  @Field(() => Int, { description: 'Objected to by the receiver.' })
  objected: number;
  @Field(() => Int, { description: 'With a missed deadline.' })
  overdue: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Median hours from sending to receipt; null when none yet.',
  })
  medianHoursToAcknowledge: number | null;
  @Field(() => Float, {
    nullable: true,
    description: "Median hours from sending to the receiver's decision; null when none yet.",
  })
  medianHoursToDecide: number | null;
}
