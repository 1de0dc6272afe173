import { fromBinary } from '@bufbuild/protobuf';
import {
  MeetingEvents,
  ORGANIZATION_CODE,
  PoliceConsultationEventSchema,
  type PoliceConsultationEvent,
} from '@yiti/contracts';
import { consultationStateOf } from '../consultations/consultations.enums.js';
import { decodeOnce } from './decode-once.js';
import type { EventMatcher } from './event-fan-out.js';
import {
  ConsultationNotificationKind,
  type ConsultationNotificationModel,
} from './consultation-notifications.models.js';

/** The police-consultation events and what each one is (a new event without a kind fails to compile here). */
const KIND_OF_SUBJECT: ReadonlyMap<string, ConsultationNotificationKind> = new Map([
  [MeetingEvents.policeConsultationLogged.subject, ConsultationNotificationKind.LOGGED],
  [MeetingEvents.policeConsultationAnswered.subject, ConsultationNotificationKind.ANSWERED],
  [MeetingEvents.policeResponded.subject, ConsultationNotificationKind.RESPONDED],
  [MeetingEvents.followUpOverdue.subject, ConsultationNotificationKind.FOLLOW_UP_OVERDUE],
  [MeetingEvents.policeConsultationEdited.subject, ConsultationNotificationKind.EDITED],
  [MeetingEvents.policeConsultationWithdrawn.subject, ConsultationNotificationKind.WITHDRAWN],
  [MeetingEvents.supervisionMatterOpened.subject, ConsultationNotificationKind.SUPERVISION_OPENED],
]);

function checked(event: PoliceConsultationEvent): PoliceConsultationEvent {
  if (!event.consultationId) throw new Error('police consultation event without consultation_id');
  if (![event.iscoOrg, event.policeOrg, event.procuratorateOrg].every((o) => ORGANIZATION_CODE.test(o))) {
    throw new Error('police consultation event without valid isco_org/police_org/procuratorate_org');
  }
  if (!event.occurredAt || Number.isNaN(Date.parse(event.occurredAt))) {
    throw new Error('police consultation event without a valid occurred_at');
  }
  return event;
}

/** A police-consultation event decoded once for every subscription (decode-once.ts). */
const decodeConsultationEvent = decodeOnce((payload) =>
  checked(fromBinary(PoliceConsultationEventSchema, payload)),
);

export function toConsultationNotification(
  kind: ConsultationNotificationKind,
  event: PoliceConsultationEvent,
): ConsultationNotificationModel {
  return {
    kind,
    consultationId: event.consultationId,
    iscoOrg: event.iscoOrg,
    policeOrg: event.policeOrg,
    procuratorateOrg: event.procuratorateOrg,
    state: consultationStateOf(event.state),
    followUpDueAt: event.followUpDueAt || null,
    actor: event.actor || null,
    actorOrg: event.actorOrg || null,
    occurredAt: event.occurredAt,
  };
}

/**
 * What one subscription to consultation notifications receives: police-consultation events the organization is
 * among the `visible_to` of (the ISCO, the police bureau, the procuratorate and its superiors).
 */
export function consultationNotificationsFor(org: string): EventMatcher<ConsultationNotificationModel> {
  return (subject, payload) => {
    const kind = KIND_OF_SUBJECT.get(subject);
    if (!kind) return undefined;
    const event = decodeConsultationEvent(payload);
    return event.visibleTo.includes(org) ? toConsultationNotification(kind, event) : undefined;
  };
}
