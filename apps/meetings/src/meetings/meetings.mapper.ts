import { create } from '@bufbuild/protobuf';
import { shanghaiDate } from '@yiti/calendar';
import {
  ActionItemSchema,
  ActionStatus,
  AttendeeRole,
  ConsultationOutcome,
  MeetingKind,
  MeetingSchema,
  MeetingState,
  enumMap,
  type ActionItem as ActionItemMessage,
  type Meeting as MeetingMessage,
} from '@yiti/contracts';
import type { ActionItem, ActionStatusCode } from './action-item.entity.js';
import type { AgendaItem, OpinionJson, OutcomeCode } from './agenda-item.entity.js';
import { minutesDigest } from './digest.js';
import type {
  AttendeeJson,
  AttendeeRoleCode,
  Meeting,
  MeetingKindCode,
  MeetingStateCode,
} from './meeting.entity.js';
import type { MinutesSignature } from './minutes-signature.entity.js';

export const KINDS = enumMap<MeetingKind, MeetingKindCode>([
  [MeetingKind.HEADS_CONSULTATION, 'heads-consultation'],
  [MeetingKind.PROSECUTORS_JOINT, 'prosecutors-joint'],
  [MeetingKind.ISCO_CONSULTATION, 'isco-consultation'],
  [MeetingKind.PACT_LIAISON, 'pact-liaison'],
]);
export const STATES = enumMap<MeetingState, MeetingStateCode>([
  [MeetingState.DRAFT, 'draft'],
  [MeetingState.SCHEDULED, 'scheduled'],
  [MeetingState.IN_SESSION, 'in-session'],
  [MeetingState.CONCLUDED, 'concluded'],
  [MeetingState.MINUTES_APPROVED, 'minutes-approved'],
  [MeetingState.CANCELLED, 'cancelled'],
]);
export const ATTENDEE_ROLES = enumMap<AttendeeRole, AttendeeRoleCode>([
  [AttendeeRole.CHIEF_PROSECUTOR, 'chief-prosecutor'],
  [AttendeeRole.PROSECUTOR, 'prosecutor'],
  [AttendeeRole.POLICE, 'police'],
  [AttendeeRole.SECRETARY, 'secretary'],
  [AttendeeRole.OTHER, 'other'],
]);
export const ACTION_STATUSES = enumMap<ActionStatus, ActionStatusCode>([
  [ActionStatus.OPEN, 'open'],
  [ActionStatus.DONE, 'done'],
]);
export const OUTCOMES = enumMap<ConsultationOutcome, OutcomeCode>([
  [ConsultationOutcome.RECEIVER_ACCEPTS, 'receiver-accepts'],
  [ConsultationOutcome.SENDER_RETAINS, 'sender-retains'],
  [ConsultationOutcome.NO_AGREEMENT, 'no-agreement'],
]);

export const kindToMessage = (code: MeetingKindCode) => KINDS.message(code, MeetingKind.UNSPECIFIED);
export const stateToMessage = (code: MeetingStateCode) => STATES.message(code, MeetingState.UNSPECIFIED);

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : '');

/** A meeting with everything its message shows. */
export interface LoadedMeeting {
  meeting: Meeting;
  agenda: AgendaItem[];
  actions: ActionItem[];
  signatures: MinutesSignature[];
}

/** Whether the minutes can be signed at all: once concluded. */
const hasMinutesStage = (state: MeetingStateCode) => state === 'concluded' || state === 'minutes-approved';

export function currentDigest(loaded: LoadedMeeting): string {
  const { meeting, agenda, actions } = loaded;
  return minutesDigest(meeting.id, meeting.minutes, agenda, actions);
}

/** Present attendees who hold no signature over the current digest. */
export function awaitingSignatures(loaded: LoadedMeeting, digest = currentDigest(loaded)): AttendeeJson[] {
  const who = (username: string, org: string) => `${org}/${username}`;
  const signed = new Set(
    loaded.signatures.filter((s) => s.digest === digest).map((s) => who(s.username, s.org)),
  );
  return loaded.meeting.attendees.filter((a) => a.present && !signed.has(who(a.username, a.org)));
}

/** YYYY-MM-DD of today in Asia/Shanghai. */
export const todayInShanghai = (now = new Date()) => shanghaiDate(now);

export function toActionItemMessage(a: ActionItem, today = todayInShanghai()): ActionItemMessage {
  return create(ActionItemSchema, {
    id: a.id,
    ownerOrg: a.ownerOrg,
    description: a.description,
    dueWithinDays: a.dueWithinDays,
    dueDate: a.dueDate ?? '',
    status: ACTION_STATUSES.message(a.status, ActionStatus.UNSPECIFIED),
    meetingId: a.meetingId,
    itemNumber: a.itemNumber,
    overdue: a.status === 'open' && !!a.dueDate && a.dueDate < today,
    dueDateProvisional: a.dueDateProvisional,
  });
}

const opinion = (o: OpinionJson) => ({ text: o.text, holders: o.holders });

export function toMeetingMessage(loaded: LoadedMeeting): MeetingMessage {
  const { meeting: m, agenda, actions, signatures } = loaded;
  const minutesStage = hasMinutesStage(m.state);
  const digest = minutesStage ? currentDigest(loaded) : '';
  const today = todayInShanghai();
  return create(MeetingSchema, {
    id: m.id,
    kind: kindToMessage(m.kind),
    state: stateToMessage(m.state),
    hostOrg: m.hostOrg,
    title: m.title,
    startsAt: iso(m.startsAt),
    endsAt: iso(m.endsAt),
    location: m.location,
    invitees: m.invitees.map((i) => ({ org: i.org, username: i.username })),
    attendees: m.attendees.map((a) => ({
      username: a.username,
      org: a.org,
      role: ATTENDEE_ROLES.message(a.role, AttendeeRole.UNSPECIFIED),
      present: a.present,
    })),
    agenda: [...agenda]
      .sort((a, b) => a.number - b.number)
      .map((item) => ({
        number: item.number,
        title: item.title,
        transferId: item.transferId ?? '',
        caseNumber: item.caseNumber ?? '',
        consultationId: item.consultationId ?? '',
        decision: item.decision,
        ...(item.majority ? { majority: opinion(item.majority) } : {}),
        minorities: item.minorities.map(opinion),
        referToCommittee: item.referToCommittee,
        actions: actions
          .filter((a) => a.itemNumber === item.number)
          .sort((a, b) => a.position - b.position)
          .map((a) => toActionItemMessage(a, today)),
        transferOutcome: OUTCOMES.message(item.transferOutcome, ConsultationOutcome.UNSPECIFIED),
      })),
    minutes: m.minutes,
    minutesDigest: digest,
    signatures: [...signatures]
      .sort((a, b) => a.signedAt.getTime() - b.signedAt.getTime())
      .map((s) => ({
        username: s.username,
        org: s.org,
        signedAt: iso(s.signedAt),
        digest: s.digest,
        valid: minutesStage && s.digest === digest,
      })),
    version: m.version,
    cancelledReason: m.cancelledReason ?? '',
    createdBy: m.createdBy,
    createdAt: iso(m.createdAt),
    concludedAt: iso(m.concludedAt),
    awaitingSignatures: minutesStage ? awaitingSignatures(loaded, digest).map((a) => a.username) : [],
  });
}
