import { Column, Entity, PrimaryColumn } from 'typeorm';

export type OutcomeCode = 'receiver-accepts' | 'sender-retains' | 'no-agreement';

export interface OpinionJson {
  text: string;
  /** Usernames of present attendees who hold it. */
  holders: string[];
}

/** One numbered item of a meeting's agenda, with what was decided on it. */
@Entity({ name: 'agenda_item' })
export class AgendaItem {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @PrimaryColumn({ type: 'integer' })
  number: number;

  @Column({ type: 'text' })
  title: string;

  /** What it is about: at most one of a transfer, a case number or a police consultation. */
  @Column({ name: 'transfer_id', type: 'uuid', nullable: true })
  transferId: string | null;

  @Column({ name: 'case_number', type: 'text', nullable: true })
  caseNumber: string | null;

  @Column({ name: 'consultation_id', type: 'uuid', nullable: true })
  consultationId: string | null;

  @Column({ type: 'text' })
  decision: string;

  @Column({ type: 'jsonb', nullable: true })
  majority: OpinionJson | null;

  @Column({ type: 'jsonb' })
  minorities: OpinionJson[];

  @Column({ name: 'refer_to_committee', type: 'boolean' })
  referToCommittee: boolean;

  /** For a disputed transfer in a heads' consultation: what the heads decided. */
  @Column({ name: 'transfer_outcome', type: 'text', nullable: true })
  transferOutcome: OutcomeCode | null;
}
