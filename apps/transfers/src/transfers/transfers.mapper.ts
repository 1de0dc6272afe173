import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { shanghaiDate } from '@yiti/calendar';
import {
  Deadline,
  ObjectionGrounds,
  Resolution,
  ReturnReason,
  TransferKind,
  AttachmentSchema,
  TransferSchema,
  TransferState,
  enumMap,
  type Attachment as AttachmentMessage,
  type DeadlineStatusSchema,
  type Transfer as TransferMessage,
} from '@yiti/contracts';
import { attachmentMessageFields, type StoredAttachment } from '@yiti/persistence';
import type { ResolutionCode, Transfer, TransferKindCode, TransferStateCode } from './transfer.entity.js';
import type { TransferStep } from './transfer-step.entity.js';

export const STATES = enumMap<TransferState, TransferStateCode>([
  [TransferState.DRAFT, 'draft'],
  [TransferState.SENT, 'sent'],
  [TransferState.RECEIVED, 'received'],
  [TransferState.ACCEPTED, 'accepted'],
  [TransferState.RETURNED, 'returned'],
  [TransferState.OBJECTED, 'objected'],
  [TransferState.IN_CONSULTATION, 'in-consultation'],
  [TransferState.RESOLVED, 'resolved'],
  [TransferState.ESCALATED, 'escalated'],
  [TransferState.DESIGNATED, 'designated'],
]);
export const KINDS = enumMap<TransferKind, TransferKindCode>([
  [TransferKind.CASE, 'case'],
  [TransferKind.LEAD, 'lead'],
]);
export const RETURN_REASONS = enumMap<ReturnReason, string>([
  [ReturnReason.NOT_OUR_JURISDICTION, 'not-our-jurisdiction'],
  [ReturnReason.INCOMPLETE_MATERIALS, 'incomplete-materials'],
  [ReturnReason.DUPLICATE, 'duplicate'],
  [ReturnReason.OTHER, 'other'],
]);
export const OBJECTION_GROUNDS = enumMap<ObjectionGrounds, string>([
  [ObjectionGrounds.SENDER_HAS_JURISDICTION, 'sender-has-jurisdiction'],
  [ObjectionGrounds.THIRD_PARTY_HAS_JURISDICTION, 'third-party-has-jurisdiction'],
  [ObjectionGrounds.OUTSIDE_PACT_SCOPE, 'outside-pact-scope'],
  [ObjectionGrounds.FACTS_DISPUTED, 'facts-disputed'],
  [ObjectionGrounds.OTHER, 'other'],
]);
export const RESOLUTIONS = enumMap<Resolution, ResolutionCode>([
  [Resolution.ACCEPTED_BY_RECEIVER, 'accepted-by-receiver'],
  [Resolution.RETAINED_BY_SENDER, 'retained-by-sender'],
]);
export const DEADLINES = enumMap<Deadline, string>([
  [Deadline.ACKNOWLEDGE, 'acknowledge'],
  [Deadline.DECIDE, 'decide'],
  [Deadline.CONSULTATION, 'consultation'],
]);

/**
 * The code a timeline step and a transfer event carry for a return reason or objection grounds: the proto
 * enum's value name, which is how the GraphQL enums spell it (`NOT_OUR_JURISDICTION`,
 * `SENDER_HAS_JURISDICTION`), never the stored column code (`not-our-jurisdiction`). Missed deadlines
 * (`ACKNOWLEDGE`) and consultation outcomes (`RECEIVER_ACCEPTS`) are named the same way.
 */
export const returnReasonName = (code: string): string =>
  ReturnReason[RETURN_REASONS.message(code, ReturnReason.UNSPECIFIED)];
export const objectionGroundsName = (code: string): string =>
  ObjectionGrounds[OBJECTION_GROUNDS.message(code, ObjectionGrounds.UNSPECIFIED)];

export const stateToMessage = (code: TransferStateCode) => STATES.message(code, TransferState.UNSPECIFIED);
export const kindToMessage = (code: TransferKindCode) => KINDS.message(code, TransferKind.UNSPECIFIED);

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : '');

/** The deadlines that apply so far, with whether each was met or missed. */
function deadlinesOf(t: Transfer): Array<MessageInitShape<typeof DeadlineStatusSchema>> {
  const rows: Array<[Deadline, Date | null, Date | null, Date | null, boolean?]> = [
    [
      Deadline.ACKNOWLEDGE,
      t.acknowledgeDueAt,
      t.receivedAt,
      t.acknowledgeOverdueAt,
      t.acknowledgeDueProvisional,
    ],
    [Deadline.DECIDE, t.decideDueAt, t.decidedAt, t.decideOverdueAt, t.decideDueProvisional],
    // Met when the dispute was settled or escalated before the deadline was found missed.
    [
      Deadline.CONSULTATION,
      t.consultationDueAt,
      t.consultationOverdueAt ? null : t.state === 'resolved' ? t.closedAt : t.escalatedAt,
      t.consultationOverdueAt,
      t.consultationDueProvisional,
    ],
  ];
  return rows
    .filter(([, due]) => due)
    .map(([deadline, due, met, overdue, provisional]) => ({
      deadline,
      dueAt: iso(due),
      metAt: iso(met),
      overdueSince: iso(overdue ?? (!met && due! < new Date() ? due : null)),
      // The due instant is 24:00 of the last working day, i.e. the next day's 00:00 in Shanghai.
      localDate: shanghaiDate(new Date(due!.getTime() - 1)),
      provisional: provisional ?? false,
    }));
}

/** Whether an open deadline has passed (whether or not the scheduler has marked it yet). */
export function isOverdue(t: Transfer, now = new Date()): boolean {
  if (t.state === 'sent') return !!t.acknowledgeDueAt && t.acknowledgeDueAt < now;
  if (t.state === 'received') return !!t.decideDueAt && t.decideDueAt < now;
  if (t.state === 'objected' || t.state === 'in-consultation')
    return !!t.consultationDueAt && t.consultationDueAt < now;
  return false;
}

export function toAttachmentMessage(a: StoredAttachment): AttachmentMessage {
  return create(AttachmentSchema, attachmentMessageFields(a));
}

export function toTransferMessage(
  t: Transfer,
  attachments: readonly StoredAttachment[] = [],
  steps: readonly TransferStep[] = [],
): TransferMessage {
  return create(TransferSchema, {
    id: t.id,
    senderOrg: t.senderOrg,
    content: {
      receiverOrg: t.receiverOrg,
      kind: kindToMessage(t.kind),
      businessLine: t.businessLine,
      category: t.category,
      divisionCode: t.divisionCode,
      summary: t.summary,
      senderCaseNumber: t.senderCaseNumber ?? '',
      pactCode: t.citedPactCode ?? t.pactCode ?? '',
    },
    state: stateToMessage(t.state),
    // A draft has none yet: it is found when the transfer is sent.
    ...(t.state === 'draft'
      ? {}
      : {
          legalBasis: {
            pactCode: t.pactCode ?? '',
            pactVersion: t.pactVersion ?? 0,
            pactTitle: t.pactTitle ?? '',
            acknowledgeWithinDays: t.acknowledgeDays ?? 0,
            decideWithinDays: t.decideDays ?? 0,
          },
        }),
    resolution: RESOLUTIONS.message(t.resolution, Resolution.UNSPECIFIED),
    handlingOrg: t.handlingOrg ?? '',
    commonSuperiorOrg: t.commonSuperiorOrg ?? '',
    returnReason: RETURN_REASONS.message(t.returnReason, ReturnReason.UNSPECIFIED),
    objectionGrounds: OBJECTION_GROUNDS.message(t.objectionGrounds, ObjectionGrounds.UNSPECIFIED),
    decisionText: t.decisionText ?? '',
    consultationMeetingId: t.consultationMeetingId ?? '',
    deadlines: deadlinesOf(t),
    overdue: isOverdue(t),
    attachments: attachments.filter((a) => a.state === 'complete').map(toAttachmentMessage),
    timeline: steps.map((s) => ({
      at: iso(s.at),
      action: s.action,
      actor: s.actor,
      actorOrg: s.actorOrg,
      fromState: s.fromState ? stateToMessage(s.fromState) : TransferState.UNSPECIFIED,
      toState: s.toState ? stateToMessage(s.toState) : TransferState.UNSPECIFIED,
      note: s.note ?? '',
      code: s.code ?? '',
    })),
    createdBy: t.createdBy,
    createdAt: iso(t.createdAt),
    sentAt: iso(t.sentAt),
    receivedAt: iso(t.receivedAt),
    decidedAt: iso(t.decidedAt),
    closedAt: iso(t.closedAt),
    demo: t.demo,
  });
}
