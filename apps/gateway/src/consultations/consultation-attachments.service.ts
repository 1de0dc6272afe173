import { Inject, Injectable } from '@nestjs/common';
import { ConsultationReason, MeetingsRpc, type ConsultationAttachment } from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import type { RpcCaller } from '@yiti/messaging';
import type { UploadedFile } from '../attachments/attachment-upload.js';
import { ChunkedAttachments } from '../attachments/chunked-attachments.js';
import type { Caller } from '../auth/caller.js';
import { RPC_CALLER } from '../graphql/graphql-context.js';
import { toConsultationAttachmentModel } from './consultations.mapper.js';
import type { ConsultationAttachmentModel } from './consultations.models.js';

/** Consultation files between HTTP and the meetings service (the shared ChunkedAttachments). */
@Injectable()
export class ConsultationAttachmentsService {
  private readonly chunks: ChunkedAttachments<ConsultationAttachment>;

  constructor(@Inject(RPC_CALLER) rpc: RpcCaller, @Inject(JsonLogger) logger: JsonLogger) {
    this.chunks = new ChunkedAttachments<ConsultationAttachment>(rpc, logger, {
      ownerField: 'consultationId',
      begin: MeetingsRpc.beginConsultationAttachment,
      putChunk: MeetingsRpc.putConsultationAttachmentChunk,
      complete: MeetingsRpc.completeConsultationAttachment,
      readChunk: MeetingsRpc.readConsultationAttachmentChunk,
      corruptedAtRest: ConsultationReason.ATTACHMENT_CORRUPTED_AT_REST,
    });
  }

  async upload(
    consultationId: string,
    file: UploadedFile,
    caller: Caller,
  ): Promise<ConsultationAttachmentModel> {
    return toConsultationAttachmentModel(
      consultationId,
      await this.chunks.upload(consultationId, file, caller),
    );
  }

  async download(consultationId: string, attachmentId: string, caller: Caller) {
    const { attachment, content } = await this.chunks.download(consultationId, attachmentId, caller);
    return { attachment: toConsultationAttachmentModel(consultationId, attachment), content };
  }
}
