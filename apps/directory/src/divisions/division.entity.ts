import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { LegacyDivisionCode } from './legacy-division-code.entity.js';

export type DivisionType = 'region' | 'city' | 'district' | 'county' | 'county_level_city';

/** An administrative division (GB/T 2260), keyed by its current six-digit code. */
@Entity({ name: 'division' })
export class Division {
  @PrimaryColumn({ type: 'char', length: 6 })
  code: string;

  @Column({ name: 'name_zh', type: 'text' })
  nameZh: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  /** Tibetan name; empty when not recorded. */
  @Column({ name: 'name_bo', type: 'text', default: '' })
  nameBo: string;

  @Column({ type: 'text' })
  pinyin: string;

  @Column({ type: 'text' })
  type: DivisionType;

  @Index()
  @Column({ name: 'parent_code', type: 'char', length: 6, nullable: true })
  parentCode: string | null;

  @Column({ name: 'on_yarlung_tsangpo', type: 'boolean', nullable: true })
  onYarlungTsangpo: boolean | null;

  @OneToMany(() => LegacyDivisionCode, (l) => l.division)
  legacyCodes: Relation<LegacyDivisionCode[]>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
