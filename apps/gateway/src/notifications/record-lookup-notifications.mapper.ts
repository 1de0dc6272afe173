import { fromBinary } from '@bufbuild/protobuf';
import {
  LookupKind,
  ORGANIZATION_CODE,
  RecordEvents,
  RecordLookupEventSchema,
  type RecordLookupEvent,
} from '@yiti/contracts';
import { unknownFrom } from '../graphql/unknown-enum.js';
import { lookupPurposeOf } from '../records/records.enums.js';
import { decodeOnce } from './decode-once.js';
import type { EventMatcher } from './event-fan-out.js';
import {
  RecordLookupKind,
  type RecordLookupNotificationModel,
} from './record-lookup-notifications.models.js';

const unknown = unknownFrom('records');

export function lookupKindOf(kind: LookupKind): RecordLookupKind {
  switch (kind) {
    case LookupKind.CITIZEN_ID:
      return RecordLookupKind.CITIZEN_ID;
    case LookupKind.NAME:
      return RecordLookupKind.NAME;
    case LookupKind.DETAIL:
      return RecordLookupKind.DETAIL;
    case LookupKind.UNSPECIFIED:
      throw new Error('the records service sent a lookup event without its kind');
    default:
      return unknown('lookup kind', kind);
  }
}

interface Decoded {
  readonly visibleTo: readonly string[];
  readonly notification: RecordLookupNotificationModel;
}

/**
 * A lookup event decoded once for every subscription (decode-once.ts); the notification is the same for every
 * subscriber who may see it, so it is made once too.
 */
const decodeRecordLookupEvent = decodeOnce<Decoded>((payload) => {
  const event = checked(fromBinary(RecordLookupEventSchema, payload));
  return { visibleTo: event.visibleTo, notification: toRecordLookupNotification(event) };
});

function checked(event: RecordLookupEvent): RecordLookupEvent {
  if (!event.auditId) throw new Error('record lookup event without audit_id');
  if (!ORGANIZATION_CODE.test(event.holderOrg) || !ORGANIZATION_CODE.test(event.actorOrg)) {
    throw new Error('record lookup event without valid holder_org/actor_org');
  }
  if (!event.occurredAt || Number.isNaN(Date.parse(event.occurredAt))) {
    throw new Error('record lookup event without a valid occurred_at');
  }
  return event;
}

/** Throws on a kind or purpose this build does not know, or one missing. */
export function toRecordLookupNotification(event: RecordLookupEvent): RecordLookupNotificationModel {
  return {
    auditId: event.auditId,
    kind: lookupKindOf(event.kind),
    holderOrg: event.holderOrg,
    personIds: [...event.personIds],
    actor: event.actor,
    actorOrg: event.actorOrg,
    purpose: lookupPurposeOf(event.purpose),
    caseNumber: event.caseNumber,
    occurredAt: event.occurredAt,
  };
}

/**
 * What one subscription to record-lookup notifications receives: lookup events the organization is among the
 * `visible_to` of (the holder organization of the records returned).
 */
export function recordLookupNotificationsFor(org: string): EventMatcher<RecordLookupNotificationModel> {
  return (subject, payload) => {
    if (subject !== RecordEvents.lookupPerformed.subject) return undefined;
    const { visibleTo, notification } = decodeRecordLookupEvent(payload);
    return visibleTo.includes(org) ? notification : undefined;
  };
}
