import { create } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_CHUNK_BYTES,
  CONSULTATION_ATTACHMENT_MEDIA_TYPES,
  ConsultationAttachmentSchema,
  ConsultationReason,
  UUID,
  type BeginConsultationAttachmentRequest,
  type ConsultationAttachment as ConsultationAttachmentMessage,
  type PutConsultationAttachmentChunkRequest,
  type ReadConsultationAttachmentChunkRequest,
  type ReadConsultationAttachmentChunkResponse,
} from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import { inputCheck, RpcError, type RpcCall } from '@yiti/messaging';
import {
  AttachmentStore,
  attachmentMessageFields,
  type AttachmentErrors,
  type StoredAttachment,
} from '@yiti/persistence';
import type { Principal } from '@yiti/auth';
import { PoliceConsultation } from './consultation.entity.js';
import { canSee, ConsultationWriter } from './consultation-writer.js';
import { checkMove } from './lifecycle.js';

const MAX_ATTACHMENTS = 20;
/** Uploads begun and not completed, per consultation (abandoned ones are removed after a day). */
const MAX_UPLOADS_IN_PROGRESS = 5;

export const CONSULTATION_ATTACHMENT_TABLES = {
  schema: 'meetings',
  table: 'consultation_attachment',
  chunkTable: 'consultation_attachment_chunk',
  ownerColumn: 'consultation_id',
};

const R = ConsultationReason;
const STORE_ERRORS: AttachmentErrors = {
  notFound: (id) =>
    RpcError.of(R.ATTACHMENT_NOT_FOUND, `No consultation attachment "${id}" that you can see.`),
  unknownUpload: (id) =>
    RpcError.of(R.ATTACHMENT_UNKNOWN_UPLOAD, `No upload "${id}" of yours is in progress.`, [
      { field: 'attachmentId', message: 'is not an upload of yours in progress' },
    ]),
  notUploading: (id) =>
    RpcError.of(
      R.ATTACHMENT_UNKNOWN_UPLOAD,
      `Attachment ${id} is complete: it is no longer being uploaded.`,
      [{ field: 'attachmentId', message: 'is complete' }],
    ),
  tooLarge: (max) =>
    RpcError.of(R.ATTACHMENT_TOO_LARGE, `A consultation attachment may be at most ${max / 1024 / 1024} MB.`, [
      { field: 'size', message: `must be at most ${max} bytes` },
    ]),
  badType: (mediaType) =>
    RpcError.of(
      R.ATTACHMENT_BAD_TYPE,
      `"${mediaType}" cannot be attached to a consultation: attach a PDF, OFD, office document, text, image, audio or video file.`,
      [{ field: 'mediaType', message: `must be one of ${CONSULTATION_ATTACHMENT_MEDIA_TYPES.join(', ')}` }],
    ),
  badChunk: (message) => RpcError.of(R.ATTACHMENT_BAD_CHUNK, message, [{ field: 'data', message }]),
  incomplete: (missing) =>
    RpcError.of(R.ATTACHMENT_INCOMPLETE, `The upload is missing ${missing} chunk(s).`, [
      { field: 'attachmentId', message: 'incomplete' },
    ]),
  corrupted: () =>
    RpcError.of(
      R.ATTACHMENT_CHECKSUM_MISMATCH,
      'The uploaded content does not match the SHA-256 declared for it: nothing was kept. Upload it again.',
      [{ field: 'sha256', message: 'does not match the content' }],
    ),
  corruptedAtRest: (id) =>
    RpcError.of(
      R.ATTACHMENT_CORRUPTED_AT_REST,
      `Attachment ${id} no longer matches the SHA-256 recorded at upload; it is not served. Report this to the administrators.`,
    ),
};

const tooMany = (what: string) =>
  RpcError.of(R.ATTACHMENT_TOO_MANY, `This consultation already has ${what}.`);

export const toConsultationAttachmentMessage = (a: StoredAttachment): ConsultationAttachmentMessage =>
  create(ConsultationAttachmentSchema, attachmentMessageFields(a));

/**
 * Files attached to police consultations, kept by the shared AttachmentStore (@yiti/persistence). Attaching is
 * the lifecycle's `edit` rule: a liaison officer of the police bureau that logged it, while it waits for the
 * opinion — checked when the upload begins and again when it completes (an opinion recorded meanwhile drops
 * the upload). Whoever may see the consultation may read its files; anyone else gets NOT_FOUND.
 */
@Injectable()
export class ConsultationAttachmentsService {
  readonly store: AttachmentStore;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ConsultationWriter) private readonly writer: ConsultationWriter,
    @Inject(JsonLogger) logger: JsonLogger,
  ) {
    this.store = new AttachmentStore(
      CONSULTATION_ATTACHMENT_TABLES,
      STORE_ERRORS,
      {
        maxBytes: ATTACHMENT_MAX_BYTES,
        chunkBytes: ATTACHMENT_CHUNK_BYTES,
        mediaTypes: CONSULTATION_ATTACHMENT_MEDIA_TYPES,
      },
      logger,
    );
  }

  async begin(request: BeginConsultationAttachmentRequest, call: RpcCall) {
    const upload = this.store.checkBegin(request, 'consultationId', request.consultationId);
    const attachmentId = await this.dataSource.transaction(async (manager) => {
      const consultation = await this.writer.lock(manager, request.consultationId, call.principal.org);
      mayAttach(consultation, call.principal);
      if ((await this.store.count(manager, consultation.id, 'complete')) >= MAX_ATTACHMENTS)
        throw tooMany(`${MAX_ATTACHMENTS} attachments, as many as it may`);
      if ((await this.store.count(manager, consultation.id, 'uploading')) >= MAX_UPLOADS_IN_PROGRESS)
        throw tooMany(`${MAX_UPLOADS_IN_PROGRESS} uploads in progress: complete them or try again later`);
      return this.store.insert(manager, consultation.id, upload, call.principal);
    });
    return { attachmentId, chunkSize: this.store.chunkBytes };
  }

  /** Stores one chunk of the caller's upload; repeating a chunk (a retry) replaces it. */
  async putChunk(request: PutConsultationAttachmentChunkRequest, call: RpcCall): Promise<void> {
    await this.store.putChunk(this.dataSource.manager, request, call.principal.subject);
  }

  /** Checks the rule again, every chunk and the SHA-256; then the file is listed on the consultation. */
  async complete(attachmentId: string, call: RpcCall): Promise<ConsultationAttachmentMessage> {
    const attachment = await this.store.uploading(
      this.dataSource.manager,
      attachmentId,
      call.principal.subject,
    );
    const outcome = await this.dataSource.transaction(async (manager) => {
      const consultation = await this.writer.lock(manager, attachment.ownerId, call.principal.org);
      try {
        mayAttach(consultation, call.principal);
      } catch (err) {
        await this.store.remove(manager, attachment.id);
        return { problem: err as RpcError };
      }
      return this.store.complete(manager, attachment);
    });
    if ('problem' in outcome) throw outcome.problem;
    return toConsultationAttachmentMessage(outcome.attachment);
  }

  /** One chunk of a complete file of a consultation the caller may see; chunk 0 first checks the SHA-256. */
  async readChunk(
    { attachmentId, index, consultationId }: ReadConsultationAttachmentChunkRequest,
    call: RpcCall,
  ): Promise<ReadConsultationAttachmentChunkResponse> {
    inputCheck()
      .that('consultationId', !consultationId || UUID.test(consultationId), 'must be a consultation id')
      .done();
    const manager = this.dataSource.manager;
    const { attachment, data } = await this.store.readChunk(manager, attachmentId, index, async (a) => {
      if (consultationId && a.ownerId !== consultationId) return false;
      const consultation = await manager.getRepository(PoliceConsultation).findOneBy({ id: a.ownerId });
      return !!consultation && canSee(consultation, call.principal.org);
    });
    return {
      $typeName: 'yiti.meetings.v1.ReadConsultationAttachmentChunkResponse',
      ...(index === 0 ? { attachment: toConsultationAttachmentMessage(attachment) } : {}),
      data,
      chunkCount: attachment.chunkCount,
    };
  }

  /** The complete files of these consultations, oldest first, by consultation id. */
  async byConsultation(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Map<string, ConsultationAttachmentMessage[]>> {
    const found = new Map<string, ConsultationAttachmentMessage[]>();
    for (const a of await this.store.listComplete(manager, ids))
      found.set(a.ownerId, [...(found.get(a.ownerId) ?? []), toConsultationAttachmentMessage(a)]);
    return found;
  }
}

/** The lifecycle's edit rule, as the attachment's reason (the rule's own words say what is wrong). */
function mayAttach(consultation: PoliceConsultation, principal: Principal): void {
  try {
    checkMove(consultation, 'edit', principal);
  } catch (err) {
    if (!(err instanceof RpcError)) throw err;
    throw RpcError.of(
      R.ATTACHMENT_NOT_ALLOWED,
      `Files are attached by a police liaison officer of the bureau that logged the consultation, before the prosecutor’s opinion: ${err.message}`,
    );
  }
}
