import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The stored states; see lifecycle.ts for the moves between them. */
export type MeetingStateCode =
  'draft' | 'scheduled' | 'in-session' | 'concluded' | 'minutes-approved' | 'cancelled';
export type MeetingKindCode =
  'heads-consultation' | 'prosecutors-joint' | 'isco-consultation' | 'pact-liaison';
export type AttendeeRoleCode = 'chief-prosecutor' | 'prosecutor' | 'police' | 'secretary' | 'other';

/** An invited organization, or one person of it (username empty = the organization as such). */
export interface InviteeJson {
  org: string;
  username: string;
}

export interface AttendeeJson {
  username: string;
  org: string;
  role: AttendeeRoleCode;
  present: boolean;
}

const timestamp = (name: string) => ({ name, type: 'timestamptz' as const, nullable: true });

/**
 * A joint-liaison meeting (联席会议). Invitees and attendees are whole lists (each change replaces them), kept
 * with the meeting; agenda items, their action items and the minutes' signatures have their own tables.
 */
@Entity({ name: 'meeting' })
export class Meeting {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  kind: MeetingKindCode;

  @Column({ type: 'text' })
  state: MeetingStateCode;

  @Column({ name: 'host_org', type: 'text' })
  hostOrg: string;

  @Column({ type: 'text' })
  title: string;

  /** Null while a draft has no time yet. */
  @Column(timestamp('starts_at'))
  startsAt: Date | null;

  @Column(timestamp('ends_at'))
  endsAt: Date | null;

  @Column({ type: 'text' })
  location: string;

  @Column({ type: 'jsonb' })
  invitees: InviteeJson[];

  @Column({ type: 'jsonb' })
  attendees: AttendeeJson[];

  /** The host, the invited organizations and every superior procuratorate above any of them. */
  @Column({ name: 'visible_to', type: 'text', array: true })
  visibleTo: string[];

  @Column({ type: 'text' })
  minutes: string;

  /** Incremented by every change; a change names the version it was made on. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'cancelled_reason', type: 'text', nullable: true })
  cancelledReason: string | null;

  /** The disputed transfer a heads' consultation was made for automatically (at most one per transfer). */
  @Column({ name: 'transfer_id', type: 'uuid', nullable: true })
  transferId: string | null;

  /** That transfer's sender and receiver: whose chief prosecutors make its quorum. */
  @Column({ name: 'transfer_parties', type: 'text', array: true, nullable: true })
  transferParties: string[] | null;

  /** Demonstration data (npm start's seed), never real. */
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Sort key of list pages: the start, or when it was made while a draft has none. */
  @Column({ name: 'listed_at', type: 'timestamptz' })
  listedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column(timestamp('concluded_at'))
  concludedAt: Date | null;

  @Column(timestamp('approved_at'))
  approvedAt: Date | null;
}
