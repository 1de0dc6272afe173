import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** draft → active (circulating / in force / expired, derived from versions and dates) → terminated. */
export type AgreementState = 'draft' | 'active' | 'terminated';
export type AgreementKindCode = 'river-basin-pact' | 'cooperation-mechanism' | 'inter-agency';

@Entity({ name: 'agreement' })
export class Agreement {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  kind: AgreementKindCode;

  @Column({ type: 'text' })
  state: AgreementState;

  @Column({ name: 'party_codes', type: 'text', array: true })
  partyCodes: string[];

  /** Parties and every superior procuratorate of a party, resolved from the directory when made. */
  @Column({ name: 'visible_to', type: 'text', array: true })
  visibleTo: string[];

  @Column({ type: 'boolean', default: false })
  public: boolean;

  /** Demonstration data (npm start's seed), never real. */
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @Column({ name: 'terminated_reason', type: 'text', nullable: true })
  terminatedReason: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
