import type { DescMessage } from '@bufbuild/protobuf';
import { PingRequestSchema, PingResponseSchema } from './gen/yiti/common/v1/rpc_pb.js';
import { AgreementEventSchema, AgreementsService } from './gen/yiti/agreements/v1/agreements_pb.js';
import { DirectoryService } from './gen/yiti/directory/v1/directory_pb.js';
import {
  TransferConsultationDecidedSchema,
  TransferConsultationScheduledSchema,
} from './gen/yiti/meetings/v1/consultation_events_pb.js';
import {
  ActionItemDueMovedSchema,
  FollowUpDueMovedSchema,
  MeetingEventSchema,
  MeetingsService,
  PoliceConsultationEventSchema,
} from './gen/yiti/meetings/v1/meetings_pb.js';
import { RecordLookupEventSchema, RecordsService } from './gen/yiti/records/v1/records_pb.js';
import {
  TransferDeadlineMovedSchema,
  TransferEventSchema,
  TransfersService,
} from './gen/yiti/transfers/v1/transfers_pb.js';

/**
 * One NATS request-reply endpoint: its subject (`yiti.<service>.<aggregate>.<verb>.v<N>`), the service that
 * answers it (also the queue group) and the protobuf request and reply messages.
 */
export interface RpcMethod<I extends DescMessage = DescMessage, O extends DescMessage = DescMessage> {
  readonly subject: string;
  readonly service: string;
  readonly input: I;
  readonly output: O;
}

const SUBJECT = /^yiti\.([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.v([1-9][0-9]*)$/;

export function rpc<I extends DescMessage, O extends DescMessage>(
  subject: string,
  method: { readonly input: I; readonly output: O },
): RpcMethod<I, O> {
  const match = SUBJECT.exec(subject);
  if (!match?.[1])
    throw new Error(`RPC subject "${subject}" does not follow yiti.<service>.<aggregate>.<verb>.v<N>`);
  return { subject, service: match[1], input: method.input, output: method.output };
}

/** The readiness probe every service answers. */
export function pingRpc(service: string) {
  return rpc(`yiti.${service}.health.ping.v1`, { input: PingRequestSchema, output: PingResponseSchema });
}

const d = DirectoryService.method;

export const DirectoryRpc = {
  ping: pingRpc('directory'),
  listOrganizations: rpc('yiti.directory.organization.list.v1', d.listOrganizations),
  getOrganizations: rpc('yiti.directory.organization.get-many.v1', d.getOrganizations),
  createOrganization: rpc('yiti.directory.organization.create.v1', d.createOrganization),
  updateOrganization: rpc('yiti.directory.organization.update.v1', d.updateOrganization),
  getDivision: rpc('yiti.directory.division.get.v1', d.getDivision),
  listDivisions: rpc('yiti.directory.division.list.v1', d.listDivisions),
  getBasin: rpc('yiti.directory.basin.get.v1', d.getBasin),
  setBasinMembership: rpc('yiti.directory.basin.set-membership.v1', d.setBasinMembership),
  getCommonSuperior: rpc('yiti.directory.hierarchy.common-superior.v1', d.getCommonSuperior),
  listBusinessLines: rpc('yiti.directory.business-line.list.v1', d.listBusinessLines),
  createDivision: rpc('yiti.directory.division.create.v1', d.createDivision),
  createBasin: rpc('yiti.directory.basin.create.v1', d.createBasin),
  listAuditEntries: rpc('yiti.directory.audit.list.v1', d.listAuditEntries),
  listPeople: rpc('yiti.directory.person.list.v1', d.listPeople),
} as const;

const a = AgreementsService.method;

export const AgreementsRpc = {
  ping: pingRpc('agreements'),
  create: rpc('yiti.agreements.agreement.create.v1', a.createAgreement),
  reviseDraft: rpc('yiti.agreements.agreement.revise-draft.v1', a.reviseDraft),
  circulate: rpc('yiti.agreements.agreement.circulate.v1', a.circulateAgreement),
  sign: rpc('yiti.agreements.agreement.sign.v1', a.signAgreement),
  amend: rpc('yiti.agreements.agreement.amend.v1', a.amendAgreement),
  renew: rpc('yiti.agreements.agreement.renew.v1', a.renewAgreement),
  terminate: rpc('yiti.agreements.agreement.terminate.v1', a.terminateAgreement),
  setPublic: rpc('yiti.agreements.agreement.set-public.v1', a.setAgreementPublic),
  get: rpc('yiti.agreements.agreement.get.v1', a.getAgreement),
  list: rpc('yiti.agreements.agreement.list.v1', a.listAgreements),
  diff: rpc('yiti.agreements.agreement.diff.v1', a.diffVersions),
  covering: rpc('yiti.agreements.agreement.covering.v1', a.agreementsCovering),
} as const;

const t = TransfersService.method;

export const TransfersRpc = {
  ping: pingRpc('transfers'),
  createDraft: rpc('yiti.transfers.transfer.create-draft.v1', t.createDraft),
  updateDraft: rpc('yiti.transfers.transfer.update-draft.v1', t.updateDraft),
  send: rpc('yiti.transfers.transfer.send.v1', t.sendTransfer),
  sendDraft: rpc('yiti.transfers.transfer.send-draft.v1', t.sendDraft),
  get: rpc('yiti.transfers.transfer.get.v1', t.getTransfer),
  list: rpc('yiti.transfers.transfer.list.v1', t.listTransfers),
  accept: rpc('yiti.transfers.transfer.accept.v1', t.acceptTransfer),
  return: rpc('yiti.transfers.transfer.return.v1', t.returnTransfer),
  object: rpc('yiti.transfers.transfer.object.v1', t.objectTransfer),
  escalate: rpc('yiti.transfers.transfer.escalate.v1', t.escalateTransfer),
  designate: rpc('yiti.transfers.transfer.designate.v1', t.designateJurisdiction),
  beginAttachment: rpc('yiti.transfers.attachment.begin.v1', t.beginAttachment),
  putAttachmentChunk: rpc('yiti.transfers.attachment.put-chunk.v1', t.putAttachmentChunk),
  completeAttachment: rpc('yiti.transfers.attachment.complete.v1', t.completeAttachment),
  readAttachmentChunk: rpc('yiti.transfers.attachment.read-chunk.v1', t.readAttachmentChunk),
  scorecards: rpc('yiti.transfers.scorecard.list.v1', t.transferScorecards),
} as const;

const m = MeetingsService.method;

export const MeetingsRpc = {
  ping: pingRpc('meetings'),
  create: rpc('yiti.meetings.meeting.create.v1', m.createMeeting),
  update: rpc('yiti.meetings.meeting.update.v1', m.updateMeeting),
  schedule: rpc('yiti.meetings.meeting.schedule.v1', m.scheduleMeeting),
  start: rpc('yiti.meetings.meeting.start.v1', m.startMeeting),
  recordAttendance: rpc('yiti.meetings.meeting.record-attendance.v1', m.recordAttendance),
  recordAgendaItem: rpc('yiti.meetings.meeting.record-agenda-item.v1', m.recordAgendaItem),
  conclude: rpc('yiti.meetings.meeting.conclude.v1', m.concludeMeeting),
  writeMinutes: rpc('yiti.meetings.meeting.write-minutes.v1', m.writeMinutes),
  signMinutes: rpc('yiti.meetings.meeting.sign-minutes.v1', m.signMinutes),
  cancel: rpc('yiti.meetings.meeting.cancel.v1', m.cancelMeeting),
  get: rpc('yiti.meetings.meeting.get.v1', m.getMeeting),
  list: rpc('yiti.meetings.meeting.list.v1', m.listMeetings),
  calendar: rpc('yiti.meetings.meeting.calendar.v1', m.meetingCalendar),
  listActionItems: rpc('yiti.meetings.action-item.list.v1', m.listActionItems),
  updateActionItem: rpc('yiti.meetings.action-item.update.v1', m.updateActionItem),
  logConsultation: rpc('yiti.meetings.consultation.log.v1', m.logConsultation),
  recordOpinion: rpc('yiti.meetings.consultation.record-opinion.v1', m.recordOpinion),
  recordPoliceResponse: rpc('yiti.meetings.consultation.record-police-response.v1', m.recordPoliceResponse),
  editConsultation: rpc('yiti.meetings.consultation.edit.v1', m.editConsultation),
  withdrawConsultation: rpc('yiti.meetings.consultation.withdraw.v1', m.withdrawConsultation),
  openSupervisionMatter: rpc('yiti.meetings.consultation.open-supervision.v1', m.openSupervisionMatter),
  getConsultation: rpc('yiti.meetings.consultation.get.v1', m.getConsultation),
  listConsultations: rpc('yiti.meetings.consultation.list.v1', m.listConsultations),
  beginConsultationAttachment: rpc(
    'yiti.meetings.consultation-attachment.begin.v1',
    m.beginConsultationAttachment,
  ),
  putConsultationAttachmentChunk: rpc(
    'yiti.meetings.consultation-attachment.put-chunk.v1',
    m.putConsultationAttachmentChunk,
  ),
  completeConsultationAttachment: rpc(
    'yiti.meetings.consultation-attachment.complete.v1',
    m.completeConsultationAttachment,
  ),
  readConsultationAttachmentChunk: rpc(
    'yiti.meetings.consultation-attachment.read-chunk.v1',
    m.readConsultationAttachmentChunk,
  ),
  consultationStatistics: rpc('yiti.meetings.consultation.statistics.v1', m.consultationStatistics),
  meetingStatistics: rpc('yiti.meetings.meeting.statistics.v1', m.meetingStatistics),
} as const;

const r = RecordsService.method;

export const RecordsRpc = {
  ping: pingRpc('records'),
  lookupByCitizenId: rpc('yiti.records.person.lookup-by-citizen-id.v1', r.lookupByCitizenId),
  searchByName: rpc('yiti.records.person.search-by-name.v1', r.searchByName),
  getPersonDetail: rpc('yiti.records.person.get-detail.v1', r.getPersonDetail),
  verifyAuditChain: rpc('yiti.records.audit.verify.v1', r.verifyAuditChain),
  listAuditEntries: rpc('yiti.records.audit.list.v1', r.listLookupAuditEntries),
} as const;

/** Every RPC method of every service, for tooling (docs, drift checks, subject uniqueness). */
export const ALL_RPC_METHODS: readonly RpcMethod[] = [
  ...Object.values(DirectoryRpc),
  ...Object.values(AgreementsRpc),
  ...Object.values(TransfersRpc),
  ...Object.values(MeetingsRpc),
  ...Object.values(RecordsRpc),
];

/** A domain event: its subject (`yiti.evt.<service>.<aggregate>.<event>.v<N>`) and protobuf payload. */
export interface EventType<T extends DescMessage = DescMessage> {
  readonly subject: string;
  readonly payload: T;
}

const EVENT_SUBJECT = /^yiti\.evt\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/;

export function eventType<T extends DescMessage>(subject: string, payload: T): EventType<T> {
  if (!EVENT_SUBJECT.test(subject))
    throw new Error(`event subject "${subject}" does not follow the naming rule`);
  return { subject, payload };
}

export const AgreementEvents = {
  circulated: eventType('yiti.evt.agreements.agreement.circulated.v1', AgreementEventSchema),
  signed: eventType('yiti.evt.agreements.agreement.signed.v1', AgreementEventSchema),
  inForce: eventType('yiti.evt.agreements.agreement.in-force.v1', AgreementEventSchema),
  amended: eventType('yiti.evt.agreements.agreement.amended.v1', AgreementEventSchema),
  expired: eventType('yiti.evt.agreements.agreement.expired.v1', AgreementEventSchema),
  terminated: eventType('yiti.evt.agreements.agreement.terminated.v1', AgreementEventSchema),
} as const;

export const TransferEvents = {
  sent: eventType('yiti.evt.transfers.transfer.sent.v1', TransferEventSchema),
  received: eventType('yiti.evt.transfers.transfer.received.v1', TransferEventSchema),
  accepted: eventType('yiti.evt.transfers.transfer.accepted.v1', TransferEventSchema),
  returned: eventType('yiti.evt.transfers.transfer.returned.v1', TransferEventSchema),
  objected: eventType('yiti.evt.transfers.transfer.objected.v1', TransferEventSchema),
  consultationStarted: eventType('yiti.evt.transfers.transfer.consultation-started.v1', TransferEventSchema),
  resolved: eventType('yiti.evt.transfers.transfer.resolved.v1', TransferEventSchema),
  escalated: eventType('yiti.evt.transfers.transfer.escalated.v1', TransferEventSchema),
  designated: eventType('yiti.evt.transfers.transfer.designated.v1', TransferEventSchema),
  overdue: eventType('yiti.evt.transfers.transfer.overdue.v1', TransferEventSchema),
} as const;

/**
 * Transfer events with their own payload (not transfer notifications): a provisional deadline moved when the
 * holiday calendar of its year arrived (libs/calendar).
 */
export const TransferDeadlineEvents = {
  deadlineMoved: eventType('yiti.evt.transfers.transfer.deadline-moved.v1', TransferDeadlineMovedSchema),
} as const;

/**
 * Published by the meetings service. The transfers service applies the two consultation events to disputed
 * transfers (heads' consultations, 三长会商); the others announce meetings and police consultations.
 */
export const MeetingEvents = {
  scheduled: eventType('yiti.evt.meetings.meeting.scheduled.v1', MeetingEventSchema),
  concluded: eventType('yiti.evt.meetings.meeting.concluded.v1', MeetingEventSchema),
  minutesApproved: eventType('yiti.evt.meetings.meeting.minutes-approved.v1', MeetingEventSchema),
  cancelled: eventType('yiti.evt.meetings.meeting.cancelled.v1', MeetingEventSchema),
  policeConsultationLogged: eventType(
    'yiti.evt.meetings.police-consultation.logged.v1',
    PoliceConsultationEventSchema,
  ),
  policeConsultationAnswered: eventType(
    'yiti.evt.meetings.police-consultation.answered.v1',
    PoliceConsultationEventSchema,
  ),
  policeResponded: eventType(
    'yiti.evt.meetings.police-consultation.responded.v1',
    PoliceConsultationEventSchema,
  ),
  followUpOverdue: eventType(
    'yiti.evt.meetings.police-consultation.follow-up-overdue.v1',
    PoliceConsultationEventSchema,
  ),
  policeConsultationEdited: eventType(
    'yiti.evt.meetings.police-consultation.edited.v1',
    PoliceConsultationEventSchema,
  ),
  policeConsultationWithdrawn: eventType(
    'yiti.evt.meetings.police-consultation.withdrawn.v1',
    PoliceConsultationEventSchema,
  ),
  supervisionMatterOpened: eventType(
    'yiti.evt.meetings.police-consultation.supervision-opened.v1',
    PoliceConsultationEventSchema,
  ),
  consultationScheduled: eventType(
    'yiti.evt.meetings.consultation.scheduled.v1',
    TransferConsultationScheduledSchema,
  ),
  consultationDecided: eventType(
    'yiti.evt.meetings.consultation.decided.v1',
    TransferConsultationDecidedSchema,
  ),
} as const;

/**
 * Published by the meetings service when a provisional due date or follow-up clock moved because the holiday
 * calendar of its year arrived (libs/calendar).
 */
export const MeetingDeadlineEvents = {
  actionItemDueMoved: eventType('yiti.evt.meetings.action-item.due-moved.v1', ActionItemDueMovedSchema),
  followUpDueMoved: eventType(
    'yiti.evt.meetings.police-consultation.follow-up-due-moved.v1',
    FollowUpDueMovedSchema,
  ),
} as const;

/** Published by the records service when a lookup returned records another organization holds. */
export const RecordEvents = {
  lookupPerformed: eventType('yiti.evt.records.lookup.performed.v1', RecordLookupEventSchema),
} as const;
