import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An attachment's metadata; its bytes are in `attachment_chunk` (see AttachmentsService). */
@Entity({ name: 'attachment' })
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'transfer_id', type: 'uuid' })
  transferId: string;

  @Column({ type: 'text' })
  filename: string;

  @Column({ name: 'media_type', type: 'text' })
  mediaType: string;

  /** bigint arrives as a string from pg; at most 20 MiB, so a number is exact. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  /** SHA-256 (hex) declared by the uploader and checked against the bytes at completion and every read. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ name: 'chunk_count', type: 'integer' })
  chunkCount: number;

  @Column({ type: 'text' })
  state: 'uploading' | 'complete';

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy: string;

  @Column({ name: 'uploaded_by_subject', type: 'text' })
  uploadedBySubject: string;

  @Column({ name: 'uploaded_by_org', type: 'text' })
  uploadedByOrg: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
