import { fromBinary } from '@bufbuild/protobuf';
import {
  Deadline,
  ORGANIZATION_CODE,
  TransferEvents,
  TransferEventSchema,
  type TransferEvent,
} from '@yiti/contracts';
import { decodeOnce } from './decode-once.js';
import type { EventMatcher } from './event-fan-out.js';
import { TransferNotificationKind, type TransferNotificationModel } from './transfer-notifications.models.js';

/** `yiti.evt.transfers.transfer.consultation-started.v1` → CONSULTATION_STARTED, for every TransferEvents subject. */
const KIND_OF_SUBJECT: ReadonlyMap<string, TransferNotificationKind> = new Map(
  Object.values(TransferEvents).map(({ subject }) => {
    const token = subject.split('.')[4]!;
    const kind = token.toUpperCase().replace(/-/g, '_');
    if (!(kind in TransferNotificationKind)) {
      throw new Error(`transfer event ${subject} has no TransferNotificationKind ${kind}`);
    }
    return [subject, kind as TransferNotificationKind];
  }),
);

export function kindOfSubject(subject: string): TransferNotificationKind | undefined {
  return KIND_OF_SUBJECT.get(subject);
}

/** A transfer event's payload, decoded once for every subscription (decode-once.ts). */
export const decodeTransferEvent = decodeOnce((payload) => checked(fromBinary(TransferEventSchema, payload)));

function checked(event: TransferEvent): TransferEvent {
  if (!event.transferId) throw new Error('transfer event without transfer_id');
  if (!ORGANIZATION_CODE.test(event.senderOrg) || !ORGANIZATION_CODE.test(event.receiverOrg)) {
    throw new Error('transfer event without valid sender_org/receiver_org');
  }
  if (!event.occurredAt || Number.isNaN(Date.parse(event.occurredAt))) {
    throw new Error('transfer event without a valid occurred_at');
  }
  return event;
}

export function toTransferNotification(
  kind: TransferNotificationKind,
  event: TransferEvent,
): TransferNotificationModel {
  const deadline = event.deadline === Deadline.UNSPECIFIED ? '' : (Deadline[event.deadline] ?? '');
  return {
    kind,
    transferId: event.transferId,
    senderOrg: event.senderOrg,
    receiverOrg: event.receiverOrg,
    actorOrg: event.actorOrg,
    occurredAt: event.occurredAt,
    code: event.code || deadline || null,
    dueAt: event.dueAt || null,
    handlingOrg: event.handlingOrg || null,
  };
}

/**
 * What one subscription to transfer notifications receives: transfer events the organization is among the
 * `visible_to` of (parties and their superior procuratorates), of the given kinds (all when none given).
 */
export function transferNotificationsFor(
  org: string,
  kinds: readonly TransferNotificationKind[] | null | undefined,
): EventMatcher<TransferNotificationModel> {
  const wanted = kinds && kinds.length > 0 ? new Set(kinds) : undefined;
  return (subject, payload) => {
    const kind = KIND_OF_SUBJECT.get(subject);
    if (!kind || (wanted && !wanted.has(kind))) return undefined;
    const event = decodeTransferEvent(payload);
    return event.visibleTo.includes(org) ? toTransferNotification(kind, event) : undefined;
  };
}
