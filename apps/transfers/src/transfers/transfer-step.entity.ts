import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TransferStateCode } from './transfer.entity.js';

/** One line of a transfer's timeline: every state change and notable step, with actor and time. */
@Entity({ name: 'transfer_step' })
export class TransferStep {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'transfer_id', type: 'uuid' })
  transferId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  actor: string;

  @Column({ name: 'actor_org', type: 'text' })
  actorOrg: string;

  @Column({ name: 'from_state', type: 'text', nullable: true })
  fromState: TransferStateCode | null;

  @Column({ name: 'to_state', type: 'text', nullable: true })
  toState: TransferStateCode | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text', nullable: true })
  code: string | null;
}
