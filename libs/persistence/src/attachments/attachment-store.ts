import { randomUUID } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';
import { ATTACHMENT_CHUNK_BYTES, ATTACHMENT_MAX_BYTES, FILENAME_MAX_LENGTH } from '@yiti/contracts';
import type { JsonLogger } from '@yiti/logging';
import { inputCheck, type RpcError } from '@yiti/messaging';

/**
 * Files attached to a record (a transfer, a police consultation), stored durably in PostgreSQL as chunks small
 * enough for NATS: one metadata table (`<schema>.<table>`, a row per file, linked to its owner record by
 * `<ownerColumn>`) and one chunk table (`<schema>.<chunkTable>`). The uploader declares size, type and
 * SHA-256; completion recomputes the SHA-256 from the stored chunks (in SQL) and deletes the upload if it
 * differs. Every read of chunk 0 recomputes it again, so content corrupted at rest is refused, never served.
 * Who may attach to or read which record is the owning service's business: it asks, then calls the store.
 */

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
/** A media type such as application/pdf (no parameters), as the gateway checks it too. */
export const ATTACHMENT_MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;
export const ATTACHMENT_SHA256 = /^[0-9a-f]{64}$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** No path, no control characters: a filename is shown and offered for download as is. */
export const isSafeAttachmentFilename = (name: string) => !/[/\\]/.test(name) && !/\p{Cc}/u.test(name);

/** Where a service keeps its attachments. */
export interface AttachmentTables {
  schema: string;
  /** The metadata table, e.g. `attachment`. */
  table: string;
  /** The chunk table, e.g. `attachment_chunk`. */
  chunkTable: string;
  /** The column linking a file to its owner record, e.g. `transfer_id`. */
  ownerColumn: string;
}

export interface AttachmentPolicy {
  maxBytes: number;
  chunkBytes: number;
  /** Media types allowed: exact (`application/pdf`) or a whole top-level type (`image/*`); none = any. */
  mediaTypes?: readonly string[];
}

/** The owning domain's typed errors (each service has its own reasons). */
export interface AttachmentErrors {
  /** Reading a file that does not exist or the caller may not see. */
  notFound(id: string): RpcError;
  /** Adding to or completing an upload that is not the caller's upload in progress. */
  unknownUpload(id: string): RpcError;
  /** The upload was completed already. */
  notUploading(id: string): RpcError;
  tooLarge(maxBytes: number): RpcError;
  badType(mediaType: string): RpcError;
  badChunk(message: string): RpcError;
  incomplete(missing: number): RpcError;
  /** The uploaded bytes do not have the SHA-256 declared for them (the upload is deleted). */
  corrupted(): RpcError;
  /** The stored bytes no longer have the SHA-256 recorded for them. */
  corruptedAtRest(id: string): RpcError;
}

/** Who is uploading (a principal's fields the store records). */
export interface Uploader {
  username: string;
  subject: string;
  org: string;
}

export interface StoredAttachment {
  id: string;
  ownerId: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  chunkCount: number;
  state: 'uploading' | 'complete';
  uploadedBy: string;
  uploadedBySubject: string;
  uploadedByOrg: string;
  createdAt: Date;
  completedAt: Date | null;
}

/** What begin asks for, checked. */
export interface CheckedUpload {
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/** The fields every attachment message has (transfers' Attachment, meetings' ConsultationAttachment). */
export function attachmentMessageFields(a: StoredAttachment) {
  return {
    id: a.id,
    filename: a.filename,
    mediaType: a.mediaType,
    size: BigInt(a.size),
    sha256: a.sha256.trim(),
    uploadedBy: a.uploadedBy,
    uploadedByOrg: a.uploadedByOrg,
    uploadedAt: a.completedAt ? a.completedAt.toISOString() : '',
  };
}

interface Row {
  id: string;
  owner_id: string;
  filename: string;
  media_type: string;
  size: string;
  sha256: string;
  chunk_count: number;
  state: 'uploading' | 'complete';
  uploaded_by: string;
  uploaded_by_subject: string;
  uploaded_by_org: string;
  created_at: Date;
  completed_at: Date | null;
}

const fromRow = (r: Row): StoredAttachment => ({
  id: r.id,
  ownerId: r.owner_id,
  filename: r.filename,
  mediaType: r.media_type,
  size: Number(r.size),
  sha256: r.sha256.trim(),
  chunkCount: r.chunk_count,
  state: r.state,
  uploadedBy: r.uploaded_by,
  uploadedBySubject: r.uploaded_by_subject,
  uploadedByOrg: r.uploaded_by_org,
  createdAt: r.created_at,
  completedAt: r.completed_at,
});

const checkIdentifiers = (t: AttachmentTables) => {
  for (const name of [t.schema, t.table, t.chunkTable, t.ownerColumn])
    if (!IDENTIFIER.test(name)) throw new Error(`invalid SQL identifier "${name}"`);
};

export const DEFAULT_ATTACHMENT_POLICY: AttachmentPolicy = {
  maxBytes: ATTACHMENT_MAX_BYTES,
  chunkBytes: ATTACHMENT_CHUNK_BYTES,
};

export class AttachmentStore {
  private readonly files: string;
  private readonly chunks: string;
  private readonly columns: string;

  constructor(
    private readonly tables: AttachmentTables,
    private readonly errors: AttachmentErrors,
    private readonly policy: AttachmentPolicy = DEFAULT_ATTACHMENT_POLICY,
    private readonly logger?: JsonLogger,
  ) {
    checkIdentifiers(tables);
    this.files = `"${tables.schema}"."${tables.table}"`;
    this.chunks = `"${tables.schema}"."${tables.chunkTable}"`;
    this.columns = `id, "${tables.ownerColumn}" AS owner_id, filename, media_type, size, sha256, chunk_count,
      state, uploaded_by, uploaded_by_subject, uploaded_by_org, created_at, completed_at`;
  }

  get chunkBytes(): number {
    return this.policy.chunkBytes;
  }

  chunkCountOf(size: number): number {
    return Math.max(1, Math.ceil(size / this.policy.chunkBytes));
  }

  /**
   * The begin request checked: the owner id (as `ownerField`), filename, media type (well-formed, and one the
   * policy allows), size and SHA-256. Throws BAD_USER_INPUT naming the fields, or the domain's tooLarge /
   * badType.
   */
  checkBegin(
    request: { filename: string; mediaType: string; size: bigint | number; sha256: string },
    ownerField: string,
    ownerId: string,
  ): CheckedUpload {
    const filename = request.filename.trim();
    const size = Number(request.size);
    const mediaType = request.mediaType.trim().toLowerCase();
    inputCheck()
      .matches(ownerField, ownerId, ID, `must be an id (a UUID)`)
      .required('filename', filename)
      .maxLength('filename', filename, FILENAME_MAX_LENGTH)
      .that(
        'filename',
        !filename || isSafeAttachmentFilename(filename),
        'must not contain path separators or control characters',
      )
      .matches('sha256', request.sha256, ATTACHMENT_SHA256, 'must be a SHA-256 digest in lowercase hex')
      .done();
    if (size > this.policy.maxBytes) throw this.errors.tooLarge(this.policy.maxBytes);
    if (!ATTACHMENT_MEDIA_TYPE.test(mediaType) || !this.allows(mediaType))
      throw this.errors.badType(mediaType);
    return { filename, mediaType, size, sha256: request.sha256 };
  }

  /** Whether the policy allows this (well-formed, lowercase) media type. */
  allows(mediaType: string): boolean {
    const allowed = this.policy.mediaTypes;
    if (!allowed) return true;
    const top = mediaType.split('/')[0];
    return allowed.some((a) => a === mediaType || a === `${top}/*`);
  }

  /** Files of an owner by state. */
  async count(manager: EntityManager, ownerId: string, state: 'uploading' | 'complete'): Promise<number> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM ${this.files} WHERE "${this.tables.ownerColumn}" = $1 AND state = $2`,
      [ownerId, state],
    )) as Array<{ n: number }>;
    return row!.n;
  }

  /** A new upload in progress of `ownerId` (the caller has locked the owner and checked the rights). */
  async insert(
    manager: EntityManager,
    ownerId: string,
    upload: CheckedUpload,
    by: Uploader,
  ): Promise<string> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO ${this.files} (id, "${this.tables.ownerColumn}", filename, media_type, size, sha256, chunk_count,
         state, uploaded_by, uploaded_by_subject, uploaded_by_org, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'uploading', $8, $9, $10, now())`,
      [
        id,
        ownerId,
        upload.filename,
        upload.mediaType,
        upload.size,
        upload.sha256,
        this.chunkCountOf(upload.size),
        by.username,
        by.subject,
        by.org,
      ],
    );
    return id;
  }

  async find(manager: EntityManager, id: string): Promise<StoredAttachment | null> {
    if (!ID.test(id)) return null;
    const [row] = (await manager.query(`SELECT ${this.columns} FROM ${this.files} WHERE id = $1`, [
      id,
    ])) as Row[];
    return row ? fromRow(row) : null;
  }

  /** An upload in progress, begun by `subject`; the domain's unknownUpload / notUploading otherwise. */
  async uploading(manager: EntityManager, id: string, subject: string): Promise<StoredAttachment> {
    inputCheck().matches('attachmentId', id, ID, 'must be an attachment id').done();
    const attachment = await this.find(manager, id);
    if (!attachment || attachment.uploadedBySubject !== subject) throw this.errors.unknownUpload(id);
    if (attachment.state !== 'uploading') throw this.errors.notUploading(id);
    return attachment;
  }

  /** Stores one chunk of `subject`'s upload; repeating a chunk (a retry) replaces it. */
  async putChunk(
    manager: EntityManager,
    request: { attachmentId: string; index: number; data: Uint8Array },
    subject: string,
  ): Promise<void> {
    const attachment = await this.uploading(manager, request.attachmentId, subject);
    const chunkBytes = this.policy.chunkBytes;
    const last = attachment.chunkCount - 1;
    const expected = request.index < last ? chunkBytes : attachment.size - last * chunkBytes;
    if (request.index > last) throw this.errors.badChunk(`This upload has chunks 0 to ${last}.`);
    if (request.data.length !== expected)
      throw this.errors.badChunk(
        `Chunk ${request.index} must be ${expected} bytes, not ${request.data.length}.`,
      );
    await manager.query(
      `INSERT INTO ${this.chunks} (attachment_id, index, data) VALUES ($1, $2, $3)
       ON CONFLICT (attachment_id, index) DO UPDATE SET data = EXCLUDED.data`,
      [attachment.id, request.index, Buffer.from(request.data)],
    );
  }

  /**
   * Inside the caller's transaction (the owner locked, its rules checked): every chunk is there and the bytes
   * have the declared size and SHA-256, then the file is complete (returned as such). A mismatch deletes the
   * upload; the error is returned, not thrown, so the caller can commit that deletion and then throw it.
   */
  async complete(
    manager: EntityManager,
    attachment: StoredAttachment,
  ): Promise<{ attachment: StoredAttachment } | { problem: RpcError }> {
    const [stored] = (await manager.query(
      `SELECT count(*)::int AS chunks, coalesce(sum(length(data)), 0)::bigint AS size,
              encode(sha256(coalesce(string_agg(data, ''::bytea ORDER BY index), ''::bytea)), 'hex') AS sha256
         FROM ${this.chunks} WHERE attachment_id = $1`,
      [attachment.id],
    )) as Array<{ chunks: number; size: string; sha256: string }>;
    if (stored!.chunks !== attachment.chunkCount && attachment.size > 0)
      return { problem: this.errors.incomplete(attachment.chunkCount - stored!.chunks) };
    if (stored!.sha256 !== attachment.sha256 || Number(stored!.size) !== attachment.size) {
      await this.remove(manager, attachment.id);
      return { problem: this.errors.corrupted() };
    }
    const completedAt = new Date();
    await manager.query(`UPDATE ${this.files} SET state = 'complete', completed_at = $2 WHERE id = $1`, [
      attachment.id,
      completedAt,
    ]);
    return { attachment: { ...attachment, state: 'complete', completedAt } };
  }

  /** Deletes a file and its chunks. */
  async remove(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM ${this.files} WHERE id = $1`, [id]);
  }

  /**
   * A complete file the caller may read (the caller decided `visible`): chunk `index` of it; chunk 0 first
   * checks the whole content against its SHA-256. NOT_FOUND (the domain's) when missing, incomplete or not
   * visible.
   */
  async readChunk(
    manager: EntityManager,
    attachmentId: string,
    index: number,
    visible: (attachment: StoredAttachment) => Promise<boolean> | boolean,
  ): Promise<{ attachment: StoredAttachment; data: Uint8Array }> {
    inputCheck().matches('attachmentId', attachmentId, ID, 'must be an attachment id').done();
    const attachment = await this.find(manager, attachmentId);
    if (!attachment || attachment.state !== 'complete' || !(await visible(attachment)))
      throw this.errors.notFound(attachmentId);
    if (index >= attachment.chunkCount)
      throw this.errors.badChunk(`This attachment has chunks 0 to ${attachment.chunkCount - 1}.`);
    if (index === 0) {
      const [row] = (await manager.query(
        `SELECT encode(sha256(coalesce(string_agg(data, ''::bytea ORDER BY index), ''::bytea)), 'hex') AS sha256
           FROM ${this.chunks} WHERE attachment_id = $1`,
        [attachment.id],
      )) as Array<{ sha256: string }>;
      if (row!.sha256 !== attachment.sha256) {
        this.logger?.event('error', 'attachment content does not match its recorded SHA-256', {
          attachmentId,
          owner: `${this.tables.table}.${this.tables.ownerColumn}=${attachment.ownerId}`,
          recorded: attachment.sha256,
          computed: row!.sha256,
        });
        throw this.errors.corruptedAtRest(attachmentId);
      }
    }
    const [chunk] = (await manager.query(
      `SELECT data FROM ${this.chunks} WHERE attachment_id = $1 AND index = $2`,
      [attachment.id, index],
    )) as Array<{ data: Buffer }>;
    if (!chunk && attachment.size > 0) throw this.errors.corruptedAtRest(attachmentId);
    return { attachment, data: chunk ? new Uint8Array(chunk.data) : new Uint8Array() };
  }

  /** The complete files of these owners, oldest first. */
  async listComplete(manager: EntityManager, ownerIds: readonly string[]): Promise<StoredAttachment[]> {
    if (ownerIds.length === 0) return [];
    const rows = (await manager.query(
      `SELECT ${this.columns} FROM ${this.files}
        WHERE "${this.tables.ownerColumn}" = ANY($1::uuid[]) AND state = 'complete'
        ORDER BY created_at, id`,
      [ownerIds],
    )) as Row[];
    return rows.map(fromRow);
  }

  /** Removes uploads begun before `before` and never completed; returns how many. */
  removeAbandoned(manager: EntityManager, before: Date): Promise<number> {
    return removeAbandonedUploads(manager, this.tables, before);
  }
}

/** Removes uploads begun before `before` and never completed (a scheduler's pass); returns how many. */
export async function removeAbandonedUploads(
  manager: EntityManager,
  tables: AttachmentTables,
  before: Date,
): Promise<number> {
  checkIdentifiers(tables);
  const rows = (await manager.query(
    `DELETE FROM "${tables.schema}"."${tables.table}" WHERE state = 'uploading' AND created_at < $1 RETURNING id`,
    [before],
  )) as unknown[];
  return rows.length;
}

/**
 * The two tables of an AttachmentStore, for a migration: files of `<ownerTable>` (deleted with it) and their
 * chunks, with the size limit and digest format checked by PostgreSQL too.
 */
export async function attachmentTablesUp(
  q: QueryRunner,
  tables: AttachmentTables,
  ownerTable: string,
  maxBytes = ATTACHMENT_MAX_BYTES,
): Promise<void> {
  checkIdentifiers(tables);
  if (!IDENTIFIER.test(ownerTable)) throw new Error(`invalid SQL identifier "${ownerTable}"`);
  const { schema, table, chunkTable, ownerColumn } = tables;
  await q.query(`
    CREATE TABLE "${schema}"."${table}" (
      "id" uuid PRIMARY KEY,
      "${ownerColumn}" uuid NOT NULL REFERENCES "${schema}"."${ownerTable}" ("id") ON DELETE CASCADE,
      "filename" text NOT NULL,
      "media_type" text NOT NULL,
      "size" bigint NOT NULL CHECK ("size" BETWEEN 0 AND ${Math.trunc(maxBytes)}),
      "sha256" char(64) NOT NULL CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
      "chunk_count" integer NOT NULL,
      "state" text NOT NULL CHECK ("state" IN ('uploading', 'complete')),
      "uploaded_by" text NOT NULL,
      "uploaded_by_subject" text NOT NULL,
      "uploaded_by_org" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "completed_at" timestamptz
    )`);
  await q.query(`CREATE INDEX "IDX_${table}_owner" ON "${schema}"."${table}" ("${ownerColumn}")`);
  await q.query(`
    CREATE TABLE "${schema}"."${chunkTable}" (
      "attachment_id" uuid NOT NULL REFERENCES "${schema}"."${table}" ("id") ON DELETE CASCADE,
      "index" integer NOT NULL CHECK ("index" >= 0),
      "data" bytea NOT NULL,
      PRIMARY KEY ("attachment_id", "index")
    )`);
}

export async function attachmentTablesDown(q: QueryRunner, tables: AttachmentTables): Promise<void> {
  checkIdentifiers(tables);
  await q.query(`DROP TABLE "${tables.schema}"."${tables.chunkTable}"`);
  await q.query(`DROP TABLE "${tables.schema}"."${tables.table}"`);
}
