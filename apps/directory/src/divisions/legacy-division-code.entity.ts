import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Division } from './division.entity.js';

/** A code that older citizen IDs still carry (542223 → 540522); each legacy code maps to one division. */
@Entity({ name: 'legacy_division_code' })
export class LegacyDivisionCode {
  @PrimaryColumn({ name: 'legacy_code', type: 'char', length: 6 })
  legacyCode: string;

  @Column({ name: 'division_code', type: 'char', length: 6 })
  divisionCode: string;

  @ManyToOne(() => Division, (d) => d.legacyCodes, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'division_code' })
  division: Relation<Division>;
}
