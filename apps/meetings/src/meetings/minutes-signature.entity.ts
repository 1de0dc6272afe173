import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A present attendee's signature over the minutes: binds the SHA-256 digest they signed. It stays when the
 * minutes change afterwards, and is then shown as no longer valid.
 */
@Entity({ name: 'minutes_signature' })
export class MinutesSignature {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text' })
  org: string;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;

  @Column({ type: 'char', length: 64 })
  digest: string;
}
