import type { MessageInitShape } from '@bufbuild/protobuf';
import { toAttachmentFields } from '../attachments/attachment.models.js';
import type {
  Consultation,
  ConsultationAttachment,
  EditConsultationRequestSchema,
  ListConsultationsRequestSchema,
  LogConsultationRequestSchema,
  OpenSupervisionMatterRequestSchema,
  OfficeStatistics,
} from '@yiti/contracts';
import {
  consultationStateOf,
  consultationStateToMessage,
  consultationTypeOf,
  consultationTypeToMessage,
  followUpOf,
  followUpToMessage,
} from './consultations.enums.js';
import type {
  ConsultationFilter,
  EditConsultationInput,
  LogConsultationInput,
  OpenSupervisionMatterInput,
} from './consultations.inputs.js';
import type {
  ConsultationAttachmentModel,
  ConsultationModel,
  ConsultationPageModel,
  OfficeStatisticsModel,
} from './consultations.models.js';
import { orNullIfEmpty } from '../graphql/or-null.js';
import { toPage } from '../graphql/paging.js';

/** What opens a record at an ISCO, logged by the police or opened by the procuratorate. */
function openingOf(input: LogConsultationInput | OpenSupervisionMatterInput) {
  return {
    iscoOrg: input.iscoOrg,
    policeCaseNumber: input.policeCaseNumber,
    category: input.category,
    type: consultationTypeToMessage(input.type),
    question: input.question,
    materials: input.materials ?? [],
    idempotencyKey: input.idempotencyKey,
  };
}

export function toLogMessage(
  input: LogConsultationInput,
): MessageInitShape<typeof LogConsultationRequestSchema> {
  return openingOf(input);
}

export function toSupervisionMessage(
  input: OpenSupervisionMatterInput,
): MessageInitShape<typeof OpenSupervisionMatterRequestSchema> {
  return { ...openingOf(input), opinion: input.opinion, followUp: followUpToMessage(input.followUp) };
}

export function toEditMessage(
  input: EditConsultationInput,
): MessageInitShape<typeof EditConsultationRequestSchema> {
  return {
    id: input.id,
    policeCaseNumber: input.policeCaseNumber,
    category: input.category,
    type: consultationTypeToMessage(input.type),
    question: input.question,
    materials: input.materials ?? [],
  };
}

/** A filter as the fields of ListConsultationsRequest (paging is the caller's). */
export function toFilterMessage(
  f: ConsultationFilter | undefined,
): MessageInitShape<typeof ListConsultationsRequestSchema> {
  return {
    states: (f?.states ?? []).map(consultationStateToMessage),
    ...(f?.type ? { type: consultationTypeToMessage(f.type) } : {}),
    overdueOnly: f?.overdueOnly ?? false,
  };
}

export const consultationDownloadPathOf = (consultationId: string, attachmentId: string) =>
  `/consultations/${consultationId}/attachments/${attachmentId}`;

export function toConsultationAttachmentModel(
  consultationId: string,
  a: ConsultationAttachment,
): ConsultationAttachmentModel {
  return toAttachmentFields(a, consultationDownloadPathOf(consultationId, a.id));
}

export function toConsultationModel(c: Consultation): ConsultationModel {
  const opinionGiven = c.opinionAt !== '';
  return {
    id: c.id,
    iscoOrg: c.iscoOrg,
    policeOrg: c.policeOrg,
    procuratorateOrg: c.procuratorateOrg,
    policeCaseNumber: c.policeCaseNumber,
    category: c.category,
    type: consultationTypeOf(c.type),
    question: c.question,
    materials: [...c.materials],
    attachments: c.attachments.map((a) => toConsultationAttachmentModel(c.id, a)),
    state: consultationStateOf(c.state),
    loggedBy: c.loggedBy,
    loggedAt: c.loggedAt,
    opinion: orNullIfEmpty(c.opinion),
    opinionBy: orNullIfEmpty(c.opinionBy),
    opinionAt: orNullIfEmpty(c.opinionAt),
    followUp: opinionGiven ? followUpOf(c.followUp) : null,
    followUpDueAt: orNullIfEmpty(c.followUpDueAt),
    followUpDueLocalDate: orNullIfEmpty(c.followUpDueLocalDate),
    followUpDueProvisional: c.followUpDueProvisional,
    followUpOverdue: c.followUpOverdue,
    policeResponse: orNullIfEmpty(c.policeResponse),
    responseBy: orNullIfEmpty(c.responseBy),
    responseAt: orNullIfEmpty(c.responseAt),
    editedBy: orNullIfEmpty(c.editedBy),
    editedAt: orNullIfEmpty(c.editedAt),
    withdrawnBy: orNullIfEmpty(c.withdrawnBy),
    withdrawnAt: orNullIfEmpty(c.withdrawnAt),
    supervisionMatter: c.supervisionMatter,
  };
}

export function toConsultationPageModel(
  consultations: readonly Consultation[],
  nextPageToken: string,
): ConsultationPageModel {
  return toPage(consultations, toConsultationModel, nextPageToken);
}

export function toOfficeStatisticsModel(s: OfficeStatistics): OfficeStatisticsModel {
  return {
    iscoOrg: s.iscoOrg,
    consultations: s.consultations,
    byType: s.byType.map((t) => ({ type: consultationTypeOf(t.type), count: t.count })),
    casesConsulted: s.casesConsulted,
    meetingsHeld: s.meetingsHeld,
    overdueFollowUps: s.overdueFollowUps,
  };
}
