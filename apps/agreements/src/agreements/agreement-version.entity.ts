import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The content of a version as signed (JSON of `yiti.agreements.v1.VersionContent`). */
export interface VersionContentJson {
  titleZh: string;
  titleEn: string;
  scope: { businessLines: string[]; caseCategories: string[]; divisionCodes: string[]; basinCode: string };
  clauses: { number: number; text: string }[];
  effectiveFrom: string;
  effectiveTo: string;
  settings: { acknowledgeWithinDays: number; decideWithinDays: number; shareRecordsLookup: boolean };
}

/**
 * One version of an agreement. `content` is what parties sign; the scalar columns repeat what the coverage
 * query filters on. A version is immutable once circulated.
 */
@Entity({ name: 'agreement_version' })
export class AgreementVersion {
  @PrimaryColumn({ name: 'agreement_code', type: 'text' })
  agreementCode: string;

  @PrimaryColumn({ type: 'int' })
  number: number;

  @Column({ type: 'jsonb' })
  content: VersionContentJson;

  @Column({ name: 'effective_from', type: 'date' })
  effectiveFrom: string;

  @Column({ name: 'effective_to', type: 'date', nullable: true })
  effectiveTo: string | null;

  @Column({ name: 'business_lines', type: 'text', array: true })
  businessLines: string[];

  @Column({ name: 'case_categories', type: 'text', array: true })
  caseCategories: string[];

  @Column({ name: 'division_codes', type: 'text', array: true })
  divisionCodes: string[];

  @Column({ name: 'fully_signed_at', type: 'timestamptz', nullable: true })
  fullySignedAt: Date | null;

  @Column({ name: 'in_force_announced_at', type: 'timestamptz', nullable: true })
  inForceAnnouncedAt: Date | null;

  @Column({ name: 'expired_announced_at', type: 'timestamptz', nullable: true })
  expiredAnnouncedAt: Date | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
