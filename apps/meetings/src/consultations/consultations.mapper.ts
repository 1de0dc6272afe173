import { create } from '@bufbuild/protobuf';
import { shanghaiDate } from '@yiti/calendar';
import {
  ConsultationSchema,
  ConsultationState,
  ConsultationType,
  FollowUp,
  enumMap,
  type Consultation as ConsultationMessage,
  type ConsultationAttachment as ConsultationAttachmentMessage,
} from '@yiti/contracts';
import type {
  ConsultationStateCode,
  ConsultationTypeCode,
  FollowUpCode,
  PoliceConsultation,
} from './consultation.entity.js';

export const STATES = enumMap<ConsultationState, ConsultationStateCode>([
  [ConsultationState.OPEN, 'open'],
  [ConsultationState.ANSWERED, 'answered'],
  [ConsultationState.CLOSED, 'closed'],
  [ConsultationState.WITHDRAWN, 'withdrawn'],
]);
export const TYPES = enumMap<ConsultationType, ConsultationTypeCode>([
  [ConsultationType.EARLY_INVOLVEMENT, 'early-involvement'],
  [ConsultationType.MAJOR_CASE_OPINION, 'major-case-opinion'],
  [ConsultationType.FILING_SUPERVISION, 'filing-supervision'],
  [ConsultationType.COMPULSORY_MEASURE_REVIEW, 'compulsory-measure-review'],
  [ConsultationType.EVIDENCE_GUIDANCE, 'evidence-guidance'],
]);
export const FOLLOW_UPS = enumMap<FollowUp, FollowUpCode>([
  [FollowUp.NONE, 'none'],
  [FollowUp.EXPLAIN_NON_FILING, 'explain-non-filing'],
  [FollowUp.FILE_AFTER_NOTICE, 'file-after-notice'],
  [FollowUp.REPORT_MEASURE_HANDLING, 'report-measure-handling'],
]);

export const stateToMessage = (code: ConsultationStateCode) =>
  STATES.message(code, ConsultationState.UNSPECIFIED);
export const typeToMessage = (code: ConsultationTypeCode) =>
  TYPES.message(code, ConsultationType.UNSPECIFIED);
export const followUpToMessage = (code: FollowUpCode | null) =>
  FOLLOW_UPS.message(code, FollowUp.UNSPECIFIED);

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : '');

/**
 * Whether the follow-up clock was missed: marked (by the scheduler or a late response), or still running past
 * its end and not yet marked. The same rule as OVERDUE in consultation-statistics.service.ts.
 */
export function isFollowUpOverdue(c: PoliceConsultation, now = new Date()): boolean {
  if (c.followUpOverdueAt) return true;
  return c.state === 'answered' && !!c.followUpDueAt && c.followUpDueAt < now;
}

export function toConsultationMessage(
  c: PoliceConsultation,
  attachments: readonly ConsultationAttachmentMessage[] = [],
): ConsultationMessage {
  return create(ConsultationSchema, {
    id: c.id,
    iscoOrg: c.iscoOrg,
    policeOrg: c.policeOrg,
    procuratorateOrg: c.procuratorateOrg,
    policeCaseNumber: c.policeCaseNumber,
    category: c.category,
    type: typeToMessage(c.type),
    question: c.question,
    materials: c.materials,
    state: stateToMessage(c.state),
    loggedBy: c.loggedBy,
    loggedAt: iso(c.loggedAt),
    opinion: c.opinion ?? '',
    opinionBy: c.opinionBy ?? '',
    opinionAt: iso(c.opinionAt),
    followUp: followUpToMessage(c.followUp),
    followUpDueAt: iso(c.followUpDueAt),
    followUpOverdue: isFollowUpOverdue(c),
    policeResponse: c.policeResponse ?? '',
    responseBy: c.responseBy ?? '',
    responseAt: iso(c.responseAt),
    followUpDueProvisional: c.followUpDueProvisional,
    // The clock ends at 24:00 of its last working day, i.e. the next day's 00:00 in Shanghai.
    followUpDueLocalDate: c.followUpDueAt ? shanghaiDate(new Date(c.followUpDueAt.getTime() - 1)) : '',
    editedBy: c.editedBy ?? '',
    editedAt: iso(c.editedAt),
    withdrawnBy: c.withdrawnBy ?? '',
    withdrawnAt: iso(c.withdrawnAt),
    supervisionMatter: c.supervisionMatter,
    attachments: [...attachments],
  });
}
