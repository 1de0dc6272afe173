import { toAttachmentFields } from '../attachments/attachment.models.js';
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  TransferState as TransferStateMessage,
  type Attachment,
  type ListTransfersRequestSchema,
  type Scorecard,
  type Transfer,
  type TransferContentSchema,
} from '@yiti/contracts';
import {
  deadlineOf,
  kindOf,
  kindToMessage,
  objectionGroundsOf,
  resolutionOf,
  returnReasonOf,
  stateOf,
  stateToMessage,
} from './transfers.enums.js';
import type { TransferContentInput, TransferFilter } from './transfers.inputs.js';
import type {
  TransferAttachmentModel,
  TransferModel,
  TransferPageModel,
  TransferScorecardModel,
} from './transfers.models.js';
import { orNullIfEmpty } from '../graphql/or-null.js';
import { toPage } from '../graphql/paging.js';

/** Where the gateway serves an attachment's content (see transfer-attachments.controller.ts). */
export const downloadPathOf = (transferId: string, attachmentId: string) =>
  `/transfers/${transferId}/attachments/${attachmentId}`;

export function toContentMessage(c: TransferContentInput): MessageInitShape<typeof TransferContentSchema> {
  return {
    receiverOrg: c.receiverOrg,
    kind: kindToMessage(c.kind),
    businessLine: c.businessLine,
    category: c.category,
    divisionCode: c.divisionCode ?? '',
    summary: c.summary,
    senderCaseNumber: c.senderCaseNumber ?? '',
    pactCode: c.pactCode ?? '',
  };
}

/** A filter as the fields of ListTransfersRequest (box and paging are the caller's). */
export function toFilterMessage(
  f: TransferFilter | undefined,
): MessageInitShape<typeof ListTransfersRequestSchema> {
  return {
    states: (f?.states ?? []).map(stateToMessage),
    ...(f?.kind ? { kind: kindToMessage(f.kind) } : {}),
    businessLine: f?.businessLine ?? '',
    category: f?.category ?? '',
    counterpartOrg: f?.counterpartOrg ?? '',
    pactCode: f?.pactCode ?? '',
    overdueOnly: f?.overdueOnly ?? false,
  };
}

export function toAttachmentModel(transferId: string, a: Attachment): TransferAttachmentModel {
  return toAttachmentFields(a, downloadPathOf(transferId, a.id));
}

export function toTransferModel(t: Transfer): TransferModel {
  const content = t.content;
  if (!content) throw new Error(`the transfers service sent transfer ${t.id} without its content`);
  const state = stateOf(t.state);
  if (!state) throw new Error(`the transfers service sent transfer ${t.id} without its state`);
  const basis = t.legalBasis;
  return {
    id: t.id,
    senderOrg: t.senderOrg,
    receiverOrg: content.receiverOrg,
    kind: kindOf(content.kind),
    businessLine: content.businessLine,
    category: content.category,
    divisionCode: content.divisionCode,
    summary: content.summary,
    senderCaseNumber: orNullIfEmpty(content.senderCaseNumber),
    citedPactCode: orNullIfEmpty(content.pactCode),
    state,
    // A draft's limits are placeholders until sending looks up the pact in force that day.
    legalBasis:
      basis && t.state !== TransferStateMessage.DRAFT
        ? {
            pactCode: orNullIfEmpty(basis.pactCode),
            pactVersion: basis.pactCode ? basis.pactVersion : null,
            pactTitle: basis.pactCode ? basis.pactTitle : null,
            acknowledgeWithinDays: basis.acknowledgeWithinDays,
            decideWithinDays: basis.decideWithinDays,
          }
        : null,
    resolution: resolutionOf(t.resolution),
    handlingOrg: orNullIfEmpty(t.handlingOrg),
    commonSuperiorOrg: orNullIfEmpty(t.commonSuperiorOrg),
    returnReason: returnReasonOf(t.returnReason),
    objectionGrounds: objectionGroundsOf(t.objectionGrounds),
    decisionText: orNullIfEmpty(t.decisionText),
    consultationMeetingId: orNullIfEmpty(t.consultationMeetingId),
    deadlines: t.deadlines.map((d) => ({
      deadline: deadlineOf(d.deadline),
      dueAt: d.dueAt,
      metAt: orNullIfEmpty(d.metAt),
      localDate: d.localDate,
      provisional: d.provisional,
      overdueSince: orNullIfEmpty(d.overdueSince),
    })),
    overdue: t.overdue,
    attachments: t.attachments.map((a) => toAttachmentModel(t.id, a)),
    timeline: t.timeline.map((e) => ({
      at: e.at,
      action: e.action,
      actor: e.actor,
      actorOrg: e.actorOrg,
      fromState: stateOf(e.fromState),
      toState: stateOf(e.toState),
      note: orNullIfEmpty(e.note),
      code: orNullIfEmpty(e.code),
    })),
    createdBy: t.createdBy,
    createdAt: t.createdAt,
    sentAt: orNullIfEmpty(t.sentAt),
    receivedAt: orNullIfEmpty(t.receivedAt),
    decidedAt: orNullIfEmpty(t.decidedAt),
    closedAt: orNullIfEmpty(t.closedAt),
    demo: t.demo,
  };
}

export function toPageModel(transfers: readonly Transfer[], nextPageToken: string): TransferPageModel {
  return toPage(transfers, toTransferModel, nextPageToken);
}

export function toScorecardModel(s: Scorecard): TransferScorecardModel {
  return {
    key: orNullIfEmpty(s.key),
    sent: s.sent,
    received: s.received,
    accepted: s.accepted,
    returned: s.returned,
    objected: s.objected,
    overdue: s.overdue,
    medianHoursToAcknowledge: s.medianHoursToAcknowledge ?? null,
    medianHoursToDecide: s.medianHoursToDecide ?? null,
  };
}
