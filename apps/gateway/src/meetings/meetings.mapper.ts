import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  type ActionItem,
  type AgendaItem,
  type AgendaItemSchema,
  type AttendeeSchema,
  type ListMeetingsRequestSchema,
  type Meeting,
  type MeetingDetailsSchema,
  type MeetingKindStatistics,
  type Opinion,
  type OpinionSchema,
} from '@yiti/contracts';
import {
  actionStatusOf,
  attendeeRoleOf,
  attendeeRoleToMessage,
  meetingKindOf,
  meetingKindToMessage,
  meetingStateOf,
  meetingStateToMessage,
  outcomeOf,
  outcomeToMessage,
} from './meetings.enums.js';
import type { AgendaItemInput, AttendeeInput, OpinionInput } from './agenda.inputs.js';
import type { CreateMeetingInput, MeetingDetailsInput, MeetingFilter } from './meetings.inputs.js';
import type {
  ActionItemModel,
  AgendaItemModel,
  MeetingKindStatisticsModel,
  MeetingModel,
  MeetingPageModel,
  OpinionModel,
} from './meetings.models.js';
import { MeetingState } from './meetings.models.js';
import { orNullIfEmpty } from '../graphql/or-null.js';
import { toPage } from '../graphql/paging.js';

/** Where the gateway serves a meeting as an iCalendar event (see meeting-files.controller.ts). */
export const calendarPathOf = (meetingId: string) => `/meetings/${meetingId}/calendar.ics`;
/** Where the gateway serves a concluded meeting's minutes as a file (see meeting-files.controller.ts). */
export const minutesPathOf = (meetingId: string, format: 'pdf' | 'docx') =>
  `/meetings/${meetingId}/minutes.${format}`;
/** A meeting has minutes to export once it has concluded. */
export const hasMinutes = (state: MeetingState) =>
  state === MeetingState.CONCLUDED || state === MeetingState.MINUTES_APPROVED;

export function toDetailsMessage(
  d: MeetingDetailsInput | CreateMeetingInput,
): MessageInitShape<typeof MeetingDetailsSchema> {
  return {
    kind: meetingKindToMessage(d.kind),
    title: d.title,
    startsAt: d.startsAt ?? '',
    endsAt: d.endsAt ?? '',
    location: d.location ?? '',
    invitees: d.invitees.map((i) => ({ org: i.org, username: i.username ?? '' })),
  };
}

export function toAttendeeMessage(a: AttendeeInput): MessageInitShape<typeof AttendeeSchema> {
  return { username: a.username, org: a.org, role: attendeeRoleToMessage(a.role), present: a.present };
}

const toOpinionMessage = (o: OpinionInput): MessageInitShape<typeof OpinionSchema> => ({
  text: o.text,
  holders: o.holders,
});

export function toAgendaItemMessage(item: AgendaItemInput): MessageInitShape<typeof AgendaItemSchema> {
  return {
    number: item.number,
    title: item.title,
    transferId: item.transferId ?? '',
    caseNumber: item.caseNumber ?? '',
    consultationId: item.consultationId ?? '',
    decision: item.decision ?? '',
    ...(item.majority ? { majority: toOpinionMessage(item.majority) } : {}),
    minorities: (item.minorities ?? []).map(toOpinionMessage),
    referToCommittee: item.referToCommittee ?? false,
    actions: (item.actions ?? []).map((a) => ({
      id: a.id ?? '',
      ownerOrg: a.ownerOrg,
      description: a.description,
      dueWithinDays: a.dueWithinDays,
    })),
    ...(item.transferOutcome ? { transferOutcome: outcomeToMessage(item.transferOutcome) } : {}),
  };
}

/** A filter as the fields of ListMeetingsRequest (paging is the caller's). */
export function toFilterMessage(
  f: MeetingFilter | undefined,
): MessageInitShape<typeof ListMeetingsRequestSchema> {
  return {
    ...(f?.kind ? { kind: meetingKindToMessage(f.kind) } : {}),
    states: (f?.states ?? []).map(meetingStateToMessage),
    fromDate: f?.fromDate ?? '',
    toDate: f?.toDate ?? '',
  };
}

export function toActionItemModel(a: ActionItem): ActionItemModel {
  return {
    id: a.id,
    ownerOrg: a.ownerOrg,
    description: a.description,
    dueWithinDays: a.dueWithinDays,
    dueDate: orNullIfEmpty(a.dueDate),
    status: actionStatusOf(a.status),
    meetingId: a.meetingId,
    itemNumber: a.itemNumber,
    overdue: a.overdue,
    dueDateProvisional: a.dueDateProvisional,
  };
}

const toOpinionModel = (o: Opinion): OpinionModel => ({ text: o.text, holders: [...o.holders] });

function toAgendaItemModel(item: AgendaItem): AgendaItemModel {
  return {
    number: item.number,
    title: item.title,
    transferId: orNullIfEmpty(item.transferId),
    caseNumber: orNullIfEmpty(item.caseNumber),
    consultationId: orNullIfEmpty(item.consultationId),
    decision: orNullIfEmpty(item.decision),
    // An absent majority, or one with neither text nor holders, was not recorded.
    majority:
      item.majority && (item.majority.text || item.majority.holders.length)
        ? toOpinionModel(item.majority)
        : null,
    minorities: item.minorities.map(toOpinionModel),
    referToCommittee: item.referToCommittee,
    actions: item.actions.map(toActionItemModel),
    transferOutcome: outcomeOf(item.transferOutcome),
  };
}

export function toMeetingModel(m: Meeting): MeetingModel {
  const state = meetingStateOf(m.state);
  return {
    id: m.id,
    kind: meetingKindOf(m.kind),
    state,
    hostOrg: m.hostOrg,
    title: m.title,
    startsAt: orNullIfEmpty(m.startsAt),
    endsAt: orNullIfEmpty(m.endsAt),
    location: orNullIfEmpty(m.location),
    invitees: m.invitees.map((i) => ({ org: i.org, username: orNullIfEmpty(i.username) })),
    attendees: m.attendees.map((a) => ({
      username: a.username,
      org: a.org,
      role: attendeeRoleOf(a.role),
      present: a.present,
    })),
    agenda: m.agenda.map(toAgendaItemModel),
    minutes: orNullIfEmpty(m.minutes),
    minutesDigest: m.minutes ? orNullIfEmpty(m.minutesDigest) : null,
    signatures: m.signatures.map((s) => ({
      username: s.username,
      org: s.org,
      signedAt: s.signedAt,
      digest: s.digest,
      valid: s.valid,
    })),
    awaitingSignatures: [...m.awaitingSignatures],
    version: m.version,
    cancelledReason: orNullIfEmpty(m.cancelledReason),
    createdBy: m.createdBy,
    createdAt: m.createdAt,
    concludedAt: orNullIfEmpty(m.concludedAt),
    calendarPath: m.startsAt ? calendarPathOf(m.id) : null,
    minutesPdfPath: hasMinutes(state) ? minutesPathOf(m.id, 'pdf') : null,
    minutesDocxPath: hasMinutes(state) ? minutesPathOf(m.id, 'docx') : null,
  };
}

export function toMeetingPageModel(meetings: readonly Meeting[], nextPageToken: string): MeetingPageModel {
  return toPage(meetings, toMeetingModel, nextPageToken);
}

export function toMeetingKindStatisticsModel(s: MeetingKindStatistics): MeetingKindStatisticsModel {
  return {
    hostOrg: s.hostOrg,
    kind: meetingKindOf(s.kind),
    meetingsHeld: s.meetingsHeld,
    casesDiscussed: s.casesDiscussed,
    referredToCommittee: s.referredToCommittee,
  };
}
