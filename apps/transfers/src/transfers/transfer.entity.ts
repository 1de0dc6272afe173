import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The stored states; see lifecycle.ts for the moves between them. */
export type TransferStateCode =
  | 'draft'
  | 'sent'
  | 'received'
  | 'accepted'
  | 'returned'
  | 'objected'
  | 'in-consultation'
  | 'resolved'
  | 'escalated'
  | 'designated';
export type TransferKindCode = 'case' | 'lead';
export type ReceiverDecision = 'accepted' | 'returned' | 'objected';
export type ResolutionCode = 'accepted-by-receiver' | 'retained-by-sender';

const timestamp = (name: string) => ({ name, type: 'timestamptz' as const, nullable: true });

@Entity({ name: 'transfer' })
export class Transfer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'sender_org', type: 'text' })
  senderOrg: string;

  @Column({ name: 'receiver_org', type: 'text' })
  receiverOrg: string;

  @Column({ type: 'text' })
  kind: TransferKindCode;

  @Column({ name: 'business_line', type: 'text' })
  businessLine: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ name: 'division_code', type: 'char', length: 6 })
  divisionCode: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ name: 'sender_case_number', type: 'text', nullable: true })
  senderCaseNumber: string | null;

  /** The pact the sender cites (checked when sent); null = let the service find the covering pact. */
  @Column({ name: 'cited_pact_code', type: 'text', nullable: true })
  citedPactCode: string | null;

  /** The legal basis once sent: the covering pact (null: the default rules), its version and title then. */
  @Column({ name: 'pact_code', type: 'text', nullable: true })
  pactCode: string | null;

  @Column({ name: 'pact_version', type: 'integer', nullable: true })
  pactVersion: number | null;

  @Column({ name: 'pact_title', type: 'text', nullable: true })
  pactTitle: string | null;

  /** Working-day limits of the legal basis; null while a draft. */
  @Column({ name: 'acknowledge_days', type: 'integer', nullable: true })
  acknowledgeDays: number | null;

  @Column({ name: 'decide_days', type: 'integer', nullable: true })
  decideDays: number | null;

  @Column({ type: 'text' })
  state: TransferStateCode;

  @Column({ name: 'receiver_decision', type: 'text', nullable: true })
  receiverDecision: ReceiverDecision | null;

  @Column({ type: 'text', nullable: true })
  resolution: ResolutionCode | null;

  @Column({ name: 'handling_org', type: 'text', nullable: true })
  handlingOrg: string | null;

  /** Resolved from the directory when sent: who designates jurisdiction if the dispute escalates. */
  @Column({ name: 'common_superior_org', type: 'text', nullable: true })
  commonSuperiorOrg: string | null;

  /** Both parties and every superior procuratorate of either, resolved from the directory when made. */
  @Column({ name: 'visible_to', type: 'text', array: true })
  visibleTo: string[];

  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason: string | null;

  @Column({ name: 'objection_grounds', type: 'text', nullable: true })
  objectionGrounds: string | null;

  @Column({ name: 'decision_text', type: 'text', nullable: true })
  decisionText: string | null;

  @Column({ name: 'consultation_meeting_id', type: 'text', nullable: true })
  consultationMeetingId: string | null;

  /** Demonstration data (npm start's seed), never real. */
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Sort key of inbox and outbox pages: when sent, or created while a draft. */
  @Column({ name: 'listed_at', type: 'timestamptz' })
  listedAt: Date;

  @Column(timestamp('sent_at'))
  sentAt: Date | null;

  @Column(timestamp('received_at'))
  receivedAt: Date | null;

  @Column(timestamp('decided_at'))
  decidedAt: Date | null;

  @Column(timestamp('escalated_at'))
  escalatedAt: Date | null;

  @Column(timestamp('closed_at'))
  closedAt: Date | null;

  @Column(timestamp('acknowledge_due_at'))
  acknowledgeDueAt: Date | null;

  @Column(timestamp('decide_due_at'))
  decideDueAt: Date | null;

  @Column(timestamp('consultation_due_at'))
  consultationDueAt: Date | null;

  /** Counted over a year whose holidays were not published yet: recomputed when they are (libs/calendar). */
  @Column({ name: 'acknowledge_due_provisional', type: 'boolean', default: false })
  acknowledgeDueProvisional: boolean;

  @Column({ name: 'decide_due_provisional', type: 'boolean', default: false })
  decideDueProvisional: boolean;

  @Column({ name: 'consultation_due_provisional', type: 'boolean', default: false })
  consultationDueProvisional: boolean;

  @Column(timestamp('acknowledge_overdue_at'))
  acknowledgeOverdueAt: Date | null;

  @Column(timestamp('decide_overdue_at'))
  decideOverdueAt: Date | null;

  @Column(timestamp('consultation_overdue_at'))
  consultationOverdueAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
