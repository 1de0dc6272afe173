import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AttachmentFieldsModel } from '../attachments/attachment.models.js';
import { DateTimeScalar } from '../graphql/date-time.js';
import { PageModel } from '../graphql/paging.js';

export enum ConsultationType {
  EARLY_INVOLVEMENT = 'EARLY_INVOLVEMENT',
  MAJOR_CASE_OPINION = 'MAJOR_CASE_OPINION',
  FILING_SUPERVISION = 'FILING_SUPERVISION',
  COMPULSORY_MEASURE_REVIEW = 'COMPULSORY_MEASURE_REVIEW',
  EVIDENCE_GUIDANCE = 'EVIDENCE_GUIDANCE',
}
registerEnumType(ConsultationType, {
  name: 'ConsultationType',
  description: 'What the police ask the procuratorate for.',
  valuesMap: {
    EARLY_INVOLVEMENT: { description: '提前介入: early involvement in an investigation.' },
    MAJOR_CASE_OPINION: { description: '重大案件听取意见: an opinion on a major case.' },
    FILING_SUPERVISION: { description: '立案监督: supervision of (non-)filing.' },
    COMPULSORY_MEASURE_REVIEW: { description: '强制措施审查: review of a compulsory measure.' },
    EVIDENCE_GUIDANCE: { description: '取证引导: guidance on gathering evidence.' },
  },
});

export enum ConsultationState {
  OPEN = 'OPEN',
  ANSWERED = 'ANSWERED',
  CLOSED = 'CLOSED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ConsultationState, {
  name: 'ConsultationState',
  description: 'open → answered → closed; open → withdrawn (by the police, before the opinion).',
  valuesMap: {
    OPEN: { description: "Logged by the police; waiting for the prosecutor's opinion." },
    ANSWERED: { description: 'The prosecutor gave an opinion; waiting for the police response.' },
    CLOSED: { description: 'The police responded (final).' },
    WITHDRAWN: { description: 'The police withdrew it before the opinion (final).' },
  },
});

export enum FollowUp {
  NONE = 'NONE',
  EXPLAIN_NON_FILING = 'EXPLAIN_NON_FILING',
  FILE_AFTER_NOTICE = 'FILE_AFTER_NOTICE',
  REPORT_MEASURE_HANDLING = 'REPORT_MEASURE_HANDLING',
}
registerEnumType(FollowUp, {
  name: 'FollowUp',
  description:
    "The follow-up clock the law sets on the police after the prosecutor's opinion, counted in working days.",
  valuesMap: {
    NONE: { description: 'No clock.' },
    EXPLAIN_NON_FILING: { description: '说明不立案理由: explain why the case was not filed, within 7 days.' },
    FILE_AFTER_NOTICE: { description: '通知立案: file the case after a filing notice, within 15 days.' },
    REPORT_MEASURE_HANDLING: {
      description:
        '羁押必要性审查: report how a proposal on a compulsory measure was handled, within 10 days (COMPULSORY_MEASURE_REVIEW only).',
    },
  },
});

@ObjectType('ConsultationAttachment', {
  description:
    'A file the police attached to a consultation. Its content is served over HTTP at `downloadPath` to whoever may see the consultation.',
})
export class ConsultationAttachmentModel extends AttachmentFieldsModel {
  @Field({
    description:
      'Where to GET the content (with the bearer token): `/consultations/<id>/attachments/<attachmentId>`.',
  })
  declare downloadPath: string;
}

@ObjectType('Consultation', {
  description:
    'A police consultation (会商/提前介入) logged by a police liaison officer at the ISCO of their county, with the prosecutor’s opinion and the police response — or a supervision matter a prosecutor opened to the police (`supervisionMatter`).',
})
export class ConsultationModel {
  @Field(() => ID, { description: 'The consultation id.' })
  id: string;
  @Field({ description: 'The ISCO it is logged at, e.g. isco-540522; `isco` resolves it.' })
  iscoOrg: string;
  @Field({ description: "The county's police bureau, e.g. police-540522; `policeBureau` resolves it." })
  policeOrg: string;
  @Field({ description: "The county's procuratorate, e.g. proc-540522; `procuratorate` resolves it." })
  procuratorateOrg: string;
  @Field({ description: 'The police case number as the police bureau writes it.' })
  policeCaseNumber: string;
  @Field({ description: 'The case category, e.g. `illegal-mining`.' })
  category: string;
  @Field(() => ConsultationType, { description: 'What the police ask for.' })
  type: ConsultationType;
  @Field({ description: 'The question put to the procuratorate.' })
  question: string;
  @Field(() => [String], { description: 'The materials the police provide.' })
  materials: string[];
  @Field(() => [ConsultationAttachmentModel], {
    description:
      'Files the police attached (complete uploads, oldest first); uploaded over HTTP at `/consultations/<id>/attachments`.',
  })
  attachments: ConsultationAttachmentModel[];
  @Field(() => ConsultationState, { description: 'Where it is in its lifecycle.' })
  state: ConsultationState;
  @Field({ description: 'Username of the officer who logged it.' })
  loggedBy: string;
  @Field(() => DateTimeScalar, { description: 'RFC 3339.' })
  loggedAt: string;
  @Field(() => String, { nullable: true, description: "The prosecutor's opinion; null until given." })
  opinion: string | null;
  @Field(() => String, { nullable: true, description: 'Username of the prosecutor; null until the opinion.' })
  opinionBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'RFC 3339; null until the opinion.' })
  opinionAt: string | null;
  @Field(() => FollowUp, { nullable: true, description: 'The follow-up clock; null until the opinion.' })
  followUp: FollowUp | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'End of the follow-up clock (RFC 3339), in working days from the opinion; null if no clock.',
  })
  followUpDueAt: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The follow-up clock's last working day (Asia/Shanghai), YYYY-MM-DD; null if no clock.",
  })
  followUpDueLocalDate: string | null;
  @Field({
    description:
      'The follow-up clock was counted over a year whose holiday arrangement is not published yet: it may ' +
      'still move when the schedule arrives.',
  })
  followUpDueProvisional: boolean;
  @Field({ description: 'The follow-up clock ran out before the police responded.' })
  followUpOverdue: boolean;
  @Field(() => String, { nullable: true, description: 'The police response; null until given.' })
  policeResponse: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Username of the responding officer; null until then.',
  })
  responseBy: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'RFC 3339; null until the response.' })
  responseAt: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Username of the officer who last edited it before the opinion; null if never edited.',
  })
  editedBy: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'RFC 3339 of the last edit; null if never.' })
  editedAt: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Username of the officer who withdrew it; null unless withdrawn.',
  })
  withdrawnBy: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'RFC 3339; null unless withdrawn.' })
  withdrawnAt: string | null;

  @Field({
    description:
      'A supervision matter the procuratorate opened to the police (the question is the matter, the opinion its demand, `loggedBy` the prosecutor), not a consultation the police logged.',
  })
  supervisionMatter: boolean;
}

@ObjectType('ConsultationPage', { description: 'One page of consultations.' })
export class ConsultationPageModel extends PageModel(ConsultationModel, 'The consultations of this page.') {}

@ObjectType('ConsultationTypeCount', { description: 'How many consultations of one type.' })
export class TypeCountModel {
  @Field(() => ConsultationType, { description: 'The type.' })
  type: ConsultationType;
  @Field(() => Int, { description: 'Consultations of it.' })
  count: number;
}

@ObjectType('OfficeStatistics', {
  description: 'The figures of one ISCO over a period: what Shannan used to count by hand.',
})
export class OfficeStatisticsModel {
  @Field({ description: 'The ISCO; `isco` resolves it.' })
  iscoOrg: string;
  @Field(() => Int, { description: 'Consultations logged.' })
  consultations: number;
  @Field(() => [TypeCountModel], { description: 'Consultations by type.' })
  byType: TypeCountModel[];
  @Field(() => Int, { description: 'Distinct police case numbers consulted.' })
  casesConsulted: number;
  @Field(() => Int, { description: 'ISCO consultation meetings concluded at this office.' })
  meetingsHeld: number;
  @Field(() => Int, { description: 'Follow-up clocks that ran out.' })
  overdueFollowUps: number;
}
