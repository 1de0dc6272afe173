import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ATTACHMENT_CHUNK_BYTES,
  ATTACHMENT_MAX_BYTES,
  FILENAME_MAX_LENGTH,
  TransferReason,
  UUID,
  type Attachment as AttachmentMessage,
  type BeginAttachmentRequest,
  type PutAttachmentChunkRequest,
  type ReadAttachmentChunkRequest,
  type ReadAttachmentChunkResponse,
} from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import { inputCheck, RpcError, type RpcCall } from '@yiti/messaging';
import { FINAL_STATES } from '../transfers/lifecycle.js';
import { Transfer } from '../transfers/transfer.entity.js';
import { actorOf, canSee, TransferWriter } from '../transfers/transfer-writer.js';
import { TransferErrors } from '../transfers/transfers.errors.js';
import { toAttachmentMessage } from '../transfers/transfers.mapper.js';
import { Attachment } from './attachment.entity.js';

const MAX_ATTACHMENTS = 50;
/** Uploads begun and not completed, per transfer (abandoned ones are removed after a day). */
const MAX_UPLOADS_IN_PROGRESS = 5;
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;
/** No path, no control characters: a filename is shown and offered for download as is. */
const isSafeFilename = (name: string) => !/[/\\]/.test(name) && !/\p{Cc}/u.test(name);

const Errors = {
  notFound: (id: string) =>
    RpcError.of(TransferReason.ATTACHMENT_NOT_FOUND, `No attachment "${id}" that you can see.`),
  tooLarge: () =>
    RpcError.of(
      TransferReason.ATTACHMENT_TOO_LARGE,
      `An attachment may be at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB.`,
      [{ field: 'size', message: `must be at most ${ATTACHMENT_MAX_BYTES} bytes` }],
    ),
  tooMany: () =>
    RpcError.of(
      TransferReason.ATTACHMENT_TOO_MANY,
      `A transfer may have at most ${MAX_ATTACHMENTS} attachments.`,
    ),
  tooManyUploads: () =>
    RpcError.of(
      TransferReason.ATTACHMENT_UPLOADS_IN_PROGRESS,
      `This transfer already has ${MAX_UPLOADS_IN_PROGRESS} uploads in progress: complete them or try again later.`,
    ),
  closed: (id: string) =>
    RpcError.of(
      TransferReason.ATTACHMENT_TRANSFER_CLOSED,
      `Transfer ${id} is closed: attachments can no longer be added.`,
    ),
  notUploading: (id: string) =>
    RpcError.of(TransferReason.ATTACHMENT_NOT_UPLOADING, `Attachment ${id} is not being uploaded.`),
  badChunk: (message: string) =>
    RpcError.of(TransferReason.ATTACHMENT_BAD_CHUNK, message, [{ field: 'data', message }]),
  incomplete: (missing: number) =>
    RpcError.of(TransferReason.ATTACHMENT_INCOMPLETE, `The upload is missing ${missing} chunk(s).`, [
      { field: 'attachmentId', message: 'incomplete' },
    ]),
  corrupted: () =>
    RpcError.of(
      TransferReason.ATTACHMENT_CORRUPTED,
      'The uploaded content does not match the SHA-256 declared for it: it was corrupted on the way. Upload it again.',
      [{ field: 'sha256', message: 'does not match the content' }],
    ),
  corruptedAtRest: (id: string) =>
    RpcError.of(
      TransferReason.ATTACHMENT_CORRUPTED_AT_REST,
      `Attachment ${id} no longer matches the SHA-256 recorded at upload; it is not served. Report this to the administrators.`,
    ),
};

const chunkCountOf = (size: number) => Math.max(1, Math.ceil(size / ATTACHMENT_CHUNK_BYTES));

/**
 * Attachment content, stored durably in PostgreSQL as chunks small enough for NATS. The uploader declares the
 * SHA-256; completion recomputes it from the stored chunks (in SQL) and refuses — deleting the upload — if it
 * differs. Every read recomputes it again before the first byte leaves, so content corrupted at rest is an
 * error (DATA_INTEGRITY), never served silently.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TransferWriter) private readonly writer: TransferWriter,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** Either party's prosecutors attach files while the transfer is open. */
  async begin(request: BeginAttachmentRequest, call: RpcCall) {
    const filename = request.filename.trim();
    const size = Number(request.size);
    inputCheck()
      .matches('transferId', request.transferId, UUID, 'must be a transfer id')
      .required('filename', filename)
      .maxLength('filename', filename, FILENAME_MAX_LENGTH)
      .that(
        'filename',
        !filename || isSafeFilename(filename),
        'must not contain path separators or control characters',
      )
      .matches('mediaType', request.mediaType, MEDIA_TYPE, 'must be a media type such as application/pdf')
      .matches('sha256', request.sha256, /^[0-9a-f]{64}$/, 'must be a SHA-256 digest in lowercase hex')
      .done();
    if (size > ATTACHMENT_MAX_BYTES) throw Errors.tooLarge();
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      const transfer = await this.writer.lock(manager, request.transferId, call.principal.org);
      if (transfer.senderOrg !== call.principal.org && transfer.receiverOrg !== call.principal.org)
        throw TransferErrors.wrongOrganization('given attachments', 'party');
      if (FINAL_STATES.includes(transfer.state)) throw Errors.closed(transfer.id);
      const repository = manager.getRepository(Attachment);
      if ((await repository.countBy({ transferId: transfer.id, state: 'complete' })) >= MAX_ATTACHMENTS)
        throw Errors.tooMany();
      if (
        (await repository.countBy({ transferId: transfer.id, state: 'uploading' })) >= MAX_UPLOADS_IN_PROGRESS
      )
        throw Errors.tooManyUploads();
      await manager.getRepository(Attachment).insert({
        id,
        transferId: transfer.id,
        filename,
        mediaType: request.mediaType.toLowerCase(),
        size,
        sha256: request.sha256,
        chunkCount: chunkCountOf(size),
        state: 'uploading',
        uploadedBy: call.principal.username,
        uploadedBySubject: call.principal.subject,
        uploadedByOrg: call.principal.org,
        createdAt: new Date(),
        completedAt: null,
      });
    });
    return { attachmentId: id, chunkSize: ATTACHMENT_CHUNK_BYTES };
  }

  /** Stores one chunk; repeating a chunk (a retry) replaces it. */
  async putChunk(request: PutAttachmentChunkRequest, call: RpcCall): Promise<void> {
    const attachment = await this.uploading(request.attachmentId, call);
    const last = attachment.chunkCount - 1;
    const expected =
      request.index < last ? ATTACHMENT_CHUNK_BYTES : attachment.size - last * ATTACHMENT_CHUNK_BYTES;
    if (request.index > last) throw Errors.badChunk(`This upload has chunks 0 to ${last}.`);
    if (request.data.length !== expected)
      throw Errors.badChunk(`Chunk ${request.index} must be ${expected} bytes, not ${request.data.length}.`);
    await this.dataSource.query(
      `INSERT INTO transfers.attachment_chunk (attachment_id, index, data) VALUES ($1, $2, $3)
       ON CONFLICT (attachment_id, index) DO UPDATE SET data = EXCLUDED.data`,
      [attachment.id, request.index, Buffer.from(request.data)],
    );
  }

  /** Checks every chunk is there and the bytes have the declared SHA-256; then the attachment is visible. */
  async complete(attachmentId: string, call: RpcCall): Promise<AttachmentMessage> {
    const attachment = await this.uploading(attachmentId, call);
    const problem = await this.dataSource.transaction(async (manager) => {
      const transfer = await this.writer.lock(manager, attachment.transferId, call.principal.org);
      if (FINAL_STATES.includes(transfer.state)) {
        await manager.getRepository(Attachment).delete({ id: attachment.id });
        return Errors.closed(transfer.id);
      }
      const [stored] = (await manager.query(
        `SELECT count(*)::int AS chunks, coalesce(sum(length(data)), 0)::bigint AS size,
                encode(sha256(coalesce(string_agg(data, ''::bytea ORDER BY index), ''::bytea)), 'hex') AS sha256
           FROM transfers.attachment_chunk WHERE attachment_id = $1`,
        [attachment.id],
      )) as Array<{ chunks: number; size: string; sha256: string }>;
      if (stored!.chunks !== attachment.chunkCount && attachment.size > 0)
        return Errors.incomplete(attachment.chunkCount - stored!.chunks);
      if (stored!.sha256 !== attachment.sha256 || Number(stored!.size) !== attachment.size) {
        await manager.getRepository(Attachment).delete({ id: attachment.id });
        return Errors.corrupted();
      }
      const completedAt = new Date();
      await manager.getRepository(Attachment).update(attachment.id, { state: 'complete', completedAt });
      Object.assign(attachment, { state: 'complete', completedAt });
      await this.writer.step(manager, transfer, 'attachment-added', actorOf(call.principal), {
        note: `${attachment.filename} (${attachment.size} bytes, SHA-256 ${attachment.sha256})`,
      });
      return undefined;
    });
    if (problem) throw problem;
    return toAttachmentMessage(attachment);
  }

  /** One chunk of a complete attachment; chunk 0 first verifies the whole content against its SHA-256. */
  async readChunk(
    { attachmentId, index, transferId }: ReadAttachmentChunkRequest,
    call: RpcCall,
  ): Promise<ReadAttachmentChunkResponse> {
    inputCheck()
      .matches('attachmentId', attachmentId, UUID, 'must be an attachment id')
      .that('transferId', !transferId || UUID.test(transferId), 'must be a transfer id')
      .done();
    const attachment = await this.dataSource.getRepository(Attachment).findOneBy({ id: attachmentId });
    const transfer = attachment
      ? await this.dataSource.getRepository(Transfer).findOneBy({ id: attachment.transferId })
      : null;
    if (
      !attachment ||
      attachment.state !== 'complete' ||
      (transferId && attachment.transferId !== transferId) ||
      !transfer ||
      !canSee(transfer, call.principal.org)
    )
      throw Errors.notFound(attachmentId);
    if (index >= attachment.chunkCount)
      throw Errors.badChunk(`This attachment has chunks 0 to ${attachment.chunkCount - 1}.`);
    if (index === 0) {
      const [row] = (await this.dataSource.query(
        `SELECT encode(sha256(coalesce(string_agg(data, ''::bytea ORDER BY index), ''::bytea)), 'hex') AS sha256
           FROM transfers.attachment_chunk WHERE attachment_id = $1`,
        [attachment.id],
      )) as Array<{ sha256: string }>;
      if (row!.sha256 !== attachment.sha256) {
        this.logger.event('error', 'attachment content does not match its recorded SHA-256', {
          attachmentId,
          transferId: attachment.transferId,
          recorded: attachment.sha256,
          computed: row!.sha256,
        });
        throw Errors.corruptedAtRest(attachmentId);
      }
    }
    const [chunk] = (await this.dataSource.query(
      `SELECT data FROM transfers.attachment_chunk WHERE attachment_id = $1 AND index = $2`,
      [attachment.id, index],
    )) as Array<{ data: Buffer }>;
    if (!chunk && attachment.size > 0) throw Errors.corruptedAtRest(attachmentId);
    return {
      $typeName: 'yiti.transfers.v1.ReadAttachmentChunkResponse',
      ...(index === 0 ? { attachment: toAttachmentMessage(attachment) } : {}),
      data: chunk ? new Uint8Array(chunk.data) : new Uint8Array(),
      chunkCount: attachment.chunkCount,
    };
  }

  /** An upload in progress, by the user who began it. */
  private async uploading(id: string, call: RpcCall): Promise<Attachment> {
    inputCheck().matches('attachmentId', id, UUID, 'must be an attachment id').done();
    const attachment = await this.dataSource.getRepository(Attachment).findOneBy({ id });
    if (!attachment || attachment.uploadedBySubject !== call.principal.subject) throw Errors.notFound(id);
    if (attachment.state !== 'uploading') throw Errors.notUploading(id);
    return attachment;
  }
}
