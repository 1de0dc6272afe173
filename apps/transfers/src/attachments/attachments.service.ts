import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ATTACHMENT_MAX_BYTES,
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
import { AttachmentStore, type AttachmentErrors } from '@yiti/persistence';
import { FINAL_STATES } from '../transfers/lifecycle.js';
import { Transfer } from '../transfers/transfer.entity.js';
import { actorOf, canSee, TransferWriter } from '../transfers/transfer-writer.js';
import { TransferErrors } from '../transfers/transfers.errors.js';
import { toAttachmentMessage } from '../transfers/transfers.mapper.js';

const MAX_ATTACHMENTS = 50;
/** Uploads begun and not completed, per transfer (abandoned ones are removed after a day). */
const MAX_UPLOADS_IN_PROGRESS = 5;

/** Where transfers keep attachments (the tables of the first migration). */
export const TRANSFER_ATTACHMENT_TABLES = {
  schema: 'transfers',
  table: 'attachment',
  chunkTable: 'attachment_chunk',
  ownerColumn: 'transfer_id',
};

const notFound = (id: string) =>
  RpcError.of(TransferReason.ATTACHMENT_NOT_FOUND, `No attachment "${id}" that you can see.`);

/** The store's errors, as transfers' reasons. */
const STORE_ERRORS: AttachmentErrors = {
  notFound,
  unknownUpload: notFound,
  notUploading: (id) =>
    RpcError.of(TransferReason.ATTACHMENT_NOT_UPLOADING, `Attachment ${id} is not being uploaded.`),
  tooLarge: () =>
    RpcError.of(
      TransferReason.ATTACHMENT_TOO_LARGE,
      `An attachment may be at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB.`,
      [{ field: 'size', message: `must be at most ${ATTACHMENT_MAX_BYTES} bytes` }],
    ),
  badType: () =>
    RpcError.badInput('Invalid input: mediaType must be a media type such as application/pdf.', [
      { field: 'mediaType', message: 'must be a media type such as application/pdf' },
    ]),
  badChunk: (message) =>
    RpcError.of(TransferReason.ATTACHMENT_BAD_CHUNK, message, [{ field: 'data', message }]),
  incomplete: (missing) =>
    RpcError.of(TransferReason.ATTACHMENT_INCOMPLETE, `The upload is missing ${missing} chunk(s).`, [
      { field: 'attachmentId', message: 'incomplete' },
    ]),
  corrupted: () =>
    RpcError.of(
      TransferReason.ATTACHMENT_CORRUPTED,
      'The uploaded content does not match the SHA-256 declared for it: it was corrupted on the way. Upload it again.',
      [{ field: 'sha256', message: 'does not match the content' }],
    ),
  corruptedAtRest: (id) =>
    RpcError.of(
      TransferReason.ATTACHMENT_CORRUPTED_AT_REST,
      `Attachment ${id} no longer matches the SHA-256 recorded at upload; it is not served. Report this to the administrators.`,
    ),
};

const Errors = {
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
};

/**
 * Transfers' attachments, kept by the shared AttachmentStore (@yiti/persistence: chunks in PostgreSQL, size,
 * type and SHA-256 checked at completion and every read). This service decides who may attach and read:
 * either party while the transfer is open; whoever may see the transfer reads.
 */
@Injectable()
export class AttachmentsService {
  readonly store: AttachmentStore;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TransferWriter) private readonly writer: TransferWriter,
    @Inject(JsonLogger) logger: JsonLogger,
  ) {
    this.store = new AttachmentStore(TRANSFER_ATTACHMENT_TABLES, STORE_ERRORS, undefined, logger);
  }

  /** Either party's prosecutors attach files while the transfer is open. */
  async begin(request: BeginAttachmentRequest, call: RpcCall) {
    const upload = this.store.checkBegin(request, 'transferId', request.transferId);
    const id = await this.dataSource.transaction(async (manager) => {
      const transfer = await this.writer.lock(manager, request.transferId, call.principal.org);
      if (transfer.senderOrg !== call.principal.org && transfer.receiverOrg !== call.principal.org)
        throw TransferErrors.wrongOrganization('given attachments', 'party');
      if (FINAL_STATES.includes(transfer.state)) throw Errors.closed(transfer.id);
      if ((await this.store.count(manager, transfer.id, 'complete')) >= MAX_ATTACHMENTS)
        throw Errors.tooMany();
      if ((await this.store.count(manager, transfer.id, 'uploading')) >= MAX_UPLOADS_IN_PROGRESS)
        throw Errors.tooManyUploads();
      return this.store.insert(manager, transfer.id, upload, call.principal);
    });
    return { attachmentId: id, chunkSize: this.store.chunkBytes };
  }

  /** Stores one chunk; repeating a chunk (a retry) replaces it. */
  async putChunk(request: PutAttachmentChunkRequest, call: RpcCall): Promise<void> {
    await this.store.putChunk(this.dataSource.manager, request, call.principal.subject);
  }

  /** Checks every chunk is there and the bytes have the declared SHA-256; then the attachment is visible. */
  async complete(attachmentId: string, call: RpcCall): Promise<AttachmentMessage> {
    const attachment = await this.store.uploading(
      this.dataSource.manager,
      attachmentId,
      call.principal.subject,
    );
    const outcome = await this.dataSource.transaction(async (manager) => {
      const transfer = await this.writer.lock(manager, attachment.ownerId, call.principal.org);
      if (FINAL_STATES.includes(transfer.state)) {
        await this.store.remove(manager, attachment.id);
        return { problem: Errors.closed(transfer.id) };
      }
      const done = await this.store.complete(manager, attachment);
      if ('attachment' in done)
        await this.writer.step(manager, transfer, 'attachment-added', actorOf(call.principal), {
          note: `${attachment.filename} (${attachment.size} bytes, SHA-256 ${attachment.sha256})`,
        });
      return done;
    });
    if ('problem' in outcome) throw outcome.problem;
    return toAttachmentMessage(outcome.attachment);
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
    const manager = this.dataSource.manager;
    const { attachment, data } = await this.store.readChunk(manager, attachmentId, index, async (a) => {
      if (transferId && a.ownerId !== transferId) return false;
      const transfer = await manager.getRepository(Transfer).findOneBy({ id: a.ownerId });
      return !!transfer && canSee(transfer, call.principal.org);
    });
    return {
      $typeName: 'yiti.transfers.v1.ReadAttachmentChunkResponse',
      ...(index === 0 ? { attachment: toAttachmentMessage(attachment) } : {}),
      data,
      chunkCount: attachment.chunkCount,
    };
  }
}
