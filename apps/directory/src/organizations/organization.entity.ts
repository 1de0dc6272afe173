import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export const ORGANIZATION_KINDS = [
  'proc',
  'police',
  'isco',
  'military',
  'supervision',
  'fire-rescue',
  'court',
] as const;
export type OrganizationKindCode = (typeof ORGANIZATION_KINDS)[number];

/** An organization: `<kind>-<division code>`, at most one of each kind per division. */
@Entity({ name: 'organization' })
@Index(['kind', 'divisionCode'], { unique: true })
export class Organization {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  kind: OrganizationKindCode;

  @Index()
  @Column({ name: 'division_code', type: 'char', length: 6 })
  divisionCode: string;

  @Column({ name: 'name_zh', type: 'text' })
  nameZh: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
