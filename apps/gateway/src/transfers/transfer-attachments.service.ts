import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ATTACHMENT_CHUNK_BYTES, TransferReason, TransfersRpc } from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import type { RpcCaller } from '@yiti/messaging';
import type { Caller } from '../auth/caller.js';
import { RPC_CALLER } from '../graphql/graphql-context.js';
import { HttpError } from '../errors/http-errors.js';
import type { UploadedFile } from './attachment-upload.js';
import { toAttachmentModel } from './transfers.mapper.js';
import type { TransferAttachmentModel } from './transfers.models.js';

/** Chunks in flight at once per upload or download. */
const PARALLEL_CHUNKS = 4;

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Runs `task` for 0…count-1, at most `parallel` at a time; the first failure stops the rest and is thrown. */
async function forEachIndex(count: number, parallel: number, task: (index: number) => Promise<void>) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < count) {
      const index = next++;
      try {
        await task(index);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
}

export interface DownloadedAttachment {
  attachment: TransferAttachmentModel;
  content: Buffer;
}

/**
 * Attachment content between HTTP and the transfers service, which keeps it in chunks small enough for NATS.
 * Uploads are checked against the client's SHA-256 before anything is stored; downloads are assembled and checked
 * against the SHA-256 recorded at upload before the first byte is sent.
 */
@Injectable()
export class TransferAttachmentsService {
  constructor(
    @Inject(RPC_CALLER) private readonly rpc: RpcCaller,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async upload(transferId: string, file: UploadedFile, caller: Caller): Promise<TransferAttachmentModel> {
    const options = { token: caller.token };
    const sha256 = sha256Hex(file.content);
    if (file.declaredSha256 !== undefined && file.declaredSha256 !== sha256) {
      throw HttpError.badInput(
        'X-Content-SHA256',
        'does not match the content received: it was corrupted in transit, nothing was stored; upload it again',
      );
    }
    const { attachmentId, chunkSize } = await this.rpc.call(
      TransfersRpc.beginAttachment,
      {
        transferId,
        filename: file.filename,
        mediaType: file.mediaType,
        size: BigInt(file.content.length),
        sha256,
      },
      options,
    );
    const size = chunkSize || ATTACHMENT_CHUNK_BYTES;
    const chunks = Math.max(1, Math.ceil(file.content.length / size));
    await forEachIndex(chunks, PARALLEL_CHUNKS, async (index) => {
      const data = file.content.subarray(index * size, (index + 1) * size);
      await this.rpc.call(TransfersRpc.putAttachmentChunk, { attachmentId, index, data }, options);
    });
    const { attachment } = await this.rpc.call(TransfersRpc.completeAttachment, { attachmentId }, options);
    if (!attachment) throw new Error('the transfers service completed an upload without its attachment');
    return toAttachmentModel(transferId, attachment);
  }

  /**
   * The whole content of an attachment of transfer `transferId`, checked twice: the service checks the stored
   * content against the recorded SHA-256 before its first chunk, and the gateway checks what it assembled
   * before sending a byte.
   */
  async download(transferId: string, attachmentId: string, caller: Caller): Promise<DownloadedAttachment> {
    const options = { token: caller.token };
    const first = await this.rpc.call(
      TransfersRpc.readAttachmentChunk,
      { attachmentId, index: 0, transferId },
      options,
    );
    const listed = first.attachment;
    if (!listed) throw new Error('the first chunk of an attachment came without its metadata');
    const parts: Uint8Array[] = [first.data];
    await forEachIndex(first.chunkCount - 1, PARALLEL_CHUNKS, async (i) => {
      const chunk = await this.rpc.call(
        TransfersRpc.readAttachmentChunk,
        { attachmentId, index: i + 1, transferId },
        options,
      );
      parts[i + 1] = chunk.data;
    });
    const content = Buffer.concat(parts);
    const recorded = listed.sha256;
    const computed = sha256Hex(content);
    if (computed !== recorded || content.length !== Number(listed.size)) {
      this.logger.event('error', 'attachment content does not match its recorded SHA-256', {
        transferId,
        attachmentId,
        recorded,
        computed,
        size: content.length,
      });
      throw new HttpError(
        'DATA_INTEGRITY',
        `Attachment ${attachmentId} no longer matches the SHA-256 recorded at upload; it is not served. Report this to the administrators.`,
        undefined,
        [],
        TransferReason.ATTACHMENT_CORRUPTED_AT_REST,
      );
    }
    return { attachment: toAttachmentModel(transferId, listed), content };
  }
}
