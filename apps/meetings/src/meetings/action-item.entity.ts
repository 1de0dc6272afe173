import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ActionStatusCode = 'open' | 'done';

/** A task an agenda item gives an organization; the owner organization sees it among its tasks. */
@Entity({ name: 'action_item' })
export class ActionItem {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ name: 'item_number', type: 'integer' })
  itemNumber: number;

  /** Its place among the item's actions (0, 1, …). */
  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'owner_org', type: 'text' })
  ownerOrg: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'due_within_days', type: 'integer' })
  dueWithinDays: number;

  /** YYYY-MM-DD (Asia/Shanghai): set when the meeting concludes. */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  /** The due date was counted over a year whose holidays were not published: recomputed when they are. */
  @Column({ name: 'due_date_provisional', type: 'boolean', default: false })
  dueDateProvisional: boolean;

  @Column({ type: 'text' })
  status: ActionStatusCode;

  @Column({ name: 'status_by', type: 'text', nullable: true })
  statusBy: string | null;

  @Column({ name: 'status_at', type: 'timestamptz', nullable: true })
  statusAt: Date | null;
}
