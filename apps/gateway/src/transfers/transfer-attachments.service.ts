import { Inject, Injectable } from '@nestjs/common';
import { TransferReason, TransfersRpc, type Attachment } from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import type { RpcCaller } from '@yiti/messaging';
import type { UploadedFile } from '../attachments/attachment-upload.js';
import { ChunkedAttachments } from '../attachments/chunked-attachments.js';
import type { Caller } from '../auth/caller.js';
import { RPC_CALLER } from '../graphql/graphql-context.js';
import { toAttachmentModel } from './transfers.mapper.js';
import type { TransferAttachmentModel } from './transfers.models.js';

export interface DownloadedAttachment {
  attachment: TransferAttachmentModel;
  content: Buffer;
}

/** Transfers' attachment content between HTTP and the transfers service (the shared ChunkedAttachments). */
@Injectable()
export class TransferAttachmentsService {
  private readonly chunks: ChunkedAttachments<Attachment>;

  constructor(@Inject(RPC_CALLER) rpc: RpcCaller, @Inject(JsonLogger) logger: JsonLogger) {
    this.chunks = new ChunkedAttachments<Attachment>(rpc, logger, {
      ownerField: 'transferId',
      begin: TransfersRpc.beginAttachment,
      putChunk: TransfersRpc.putAttachmentChunk,
      complete: TransfersRpc.completeAttachment,
      readChunk: TransfersRpc.readAttachmentChunk,
      corruptedAtRest: TransferReason.ATTACHMENT_CORRUPTED_AT_REST,
    });
  }

  async upload(transferId: string, file: UploadedFile, caller: Caller): Promise<TransferAttachmentModel> {
    return toAttachmentModel(transferId, await this.chunks.upload(transferId, file, caller));
  }

  async download(transferId: string, attachmentId: string, caller: Caller): Promise<DownloadedAttachment> {
    const { attachment, content } = await this.chunks.download(transferId, attachmentId, caller);
    return { attachment: toAttachmentModel(transferId, attachment), content };
  }
}
