import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The stored states; see lifecycle.ts for the moves between them. */
export type ConsultationStateCode = 'open' | 'answered' | 'closed' | 'withdrawn';
export type ConsultationTypeCode =
  | 'early-involvement'
  | 'major-case-opinion'
  | 'filing-supervision'
  | 'compulsory-measure-review'
  | 'evidence-guidance';
export type FollowUpCode = 'none' | 'explain-non-filing' | 'file-after-notice' | 'report-measure-handling';

const timestamp = (name: string) => ({ name, type: 'timestamptz' as const, nullable: true });
const text = (name: string) => ({ name, type: 'text' as const, nullable: true });

/**
 * A police consultation at an ISCO (侦查监督与协作配合办公室): logged by a police liaison officer, answered
 * by a prosecutor of the county's procuratorate, closed by the police response. A supervision matter is the
 * same record opened the other way: by a prosecutor, with the demand as its opinion, waiting for the police.
 */
@Entity({ name: 'police_consultation' })
export class PoliceConsultation {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'isco_org', type: 'text' })
  iscoOrg: string;

  @Column({ name: 'police_org', type: 'text' })
  policeOrg: string;

  @Column({ name: 'procuratorate_org', type: 'text' })
  procuratorateOrg: string;

  @Column({ name: 'police_case_number', type: 'text' })
  policeCaseNumber: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'text' })
  type: ConsultationTypeCode;

  @Column({ type: 'text' })
  question: string;

  @Column({ type: 'text', array: true })
  materials: string[];

  @Column({ type: 'text' })
  state: ConsultationStateCode;

  /** The ISCO, police bureau and procuratorate and every superior procuratorate, from the directory when logged. */
  @Column({ name: 'visible_to', type: 'text', array: true })
  visibleTo: string[];

  @Column({ name: 'logged_by', type: 'text' })
  loggedBy: string;

  @Column({ name: 'logged_at', type: 'timestamptz' })
  loggedAt: Date;

  @Column(text('opinion'))
  opinion: string | null;

  @Column(text('opinion_by'))
  opinionBy: string | null;

  @Column(timestamp('opinion_at'))
  opinionAt: Date | null;

  @Column({ name: 'follow_up', type: 'text', nullable: true })
  followUp: FollowUpCode | null;

  /** End of the follow-up clock (working days from the opinion); null when the opinion sets none. */
  @Column(timestamp('follow_up_due_at'))
  followUpDueAt: Date | null;

  /** The clock was counted over a year whose holidays were not published: recomputed when they are. */
  @Column({ name: 'follow_up_due_provisional', type: 'boolean', default: false })
  followUpDueProvisional: boolean;

  /** When the clock was found missed (by the scheduler, or by a late response); set once. */
  @Column(timestamp('follow_up_overdue_at'))
  followUpOverdueAt: Date | null;

  @Column(text('police_response'))
  policeResponse: string | null;

  @Column(text('response_by'))
  responseBy: string | null;

  @Column(timestamp('response_at'))
  responseAt: Date | null;

  /** Who last edited it before the opinion, and when; null if never. */
  @Column(text('edited_by'))
  editedBy: string | null;

  @Column(timestamp('edited_at'))
  editedAt: Date | null;

  /** Who withdrew it before the opinion, and when; null unless withdrawn. */
  @Column(text('withdrawn_by'))
  withdrawnBy: string | null;

  @Column(timestamp('withdrawn_at'))
  withdrawnAt: Date | null;

  /** Opened by the procuratorate to the police (it starts answered), not logged by the police. */
  @Column({ name: 'supervision_matter', type: 'boolean', default: false })
  supervisionMatter: boolean;

  /** Demonstration data (npm start's seed), never real. */
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
