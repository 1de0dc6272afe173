import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { Division } from './division.entity.js';

/** A river basin; its member divisions are editable data, not a constant. */
@Entity({ name: 'basin' })
export class Basin {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ name: 'name_zh', type: 'text' })
  nameZh: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @OneToMany(() => BasinMember, (m) => m.basin)
  members: Relation<BasinMember[]>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'basin_member' })
export class BasinMember {
  @PrimaryColumn({ name: 'basin_code', type: 'text' })
  basinCode: string;

  @PrimaryColumn({ name: 'division_code', type: 'char', length: 6 })
  divisionCode: string;

  @ManyToOne(() => Basin, (b) => b.members, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'basin_code' })
  basin: Relation<Basin>;

  @ManyToOne(() => Division, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'division_code' })
  division: Relation<Division>;
}
