import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { DescMessage } from '@bufbuild/protobuf';
import { ATTACHMENT_CHUNK_BYTES, type ErrorReason, type RpcMethod } from '@yiti/contracts';
import type { JsonLogger } from '@yiti/logging';
import type { RpcCaller } from '@yiti/messaging';
import type { Caller } from '../auth/caller.js';
import { HttpError } from '../errors/http-errors.js';
import type { UploadedFile } from './attachment-upload.js';

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

/** An attachment message as every service sends it (transfers' Attachment, meetings' ConsultationAttachment). */
export interface AttachmentMessageLike {
  id: string;
  filename: string;
  mediaType: string;
  size: bigint;
  sha256: string;
  uploadedBy: string;
  uploadedByOrg: string;
  uploadedAt: string;
}

/** A service's four attachment RPCs, and the name of the owner's id in their requests. */
export interface AttachmentRpcs<A extends AttachmentMessageLike> {
  /** e.g. `transferId`, `consultationId`. */
  ownerField: string;
  begin: RpcMethod<DescMessage, DescMessage>;
  putChunk: RpcMethod<DescMessage, DescMessage>;
  complete: RpcMethod<DescMessage, DescMessage>;
  readChunk: RpcMethod<DescMessage, DescMessage>;
  /** The domain's reason for content that no longer matches its SHA-256. */
  corruptedAtRest: ErrorReason;
  /** Only for the type: the attachment message. */
  readonly message?: A;
}

interface BeginReply {
  attachmentId: string;
  chunkSize: number;
}
interface ChunkReply<A> {
  attachment?: A;
  data: Uint8Array;
  chunkCount: number;
}

/**
 * Attachment content between HTTP and a service that keeps it in chunks small enough for NATS (transfers,
 * meetings): uploads are checked against the client's SHA-256 before anything is stored; downloads are assembled
 * and checked against the SHA-256 recorded at upload before the first byte is sent.
 */
export class ChunkedAttachments<A extends AttachmentMessageLike> {
  constructor(
    private readonly rpc: RpcCaller,
    private readonly logger: JsonLogger,
    private readonly rpcs: AttachmentRpcs<A>,
  ) {}

  async upload(ownerId: string, file: UploadedFile, caller: Caller): Promise<A> {
    const options = { token: caller.token };
    const sha256 = sha256Hex(file.content);
    if (file.declaredSha256 !== undefined && file.declaredSha256 !== sha256) {
      throw HttpError.badInput(
        'X-Content-SHA256',
        'does not match the content received: it was corrupted in transit, nothing was stored; upload it again',
      );
    }
    const { attachmentId, chunkSize } = (await this.rpc.call(
      this.rpcs.begin,
      {
        [this.rpcs.ownerField]: ownerId,
        filename: file.filename,
        mediaType: file.mediaType,
        size: BigInt(file.content.length),
        sha256,
      },
      options,
    )) as unknown as BeginReply;
    const size = chunkSize || ATTACHMENT_CHUNK_BYTES;
    const chunks = Math.max(1, Math.ceil(file.content.length / size));
    await forEachIndex(chunks, PARALLEL_CHUNKS, async (index) => {
      const data = file.content.subarray(index * size, (index + 1) * size);
      await this.rpc.call(this.rpcs.putChunk, { attachmentId, index, data }, options);
    });
    const { attachment } = (await this.rpc.call(
      this.rpcs.complete,
      { attachmentId },
      options,
    )) as unknown as {
      attachment?: A;
    };
    if (!attachment)
      throw new Error(`${this.rpcs.complete.subject} completed an upload without its attachment`);
    return attachment;
  }

  /**
   * The whole content of an attachment of `ownerId`, checked twice: the service checks the stored content
   * against the recorded SHA-256 before its first chunk, and the gateway checks what it assembled before
   * sending a byte.
   */
  async download(
    ownerId: string,
    attachmentId: string,
    caller: Caller,
  ): Promise<{ attachment: A; content: Buffer }> {
    const options = { token: caller.token };
    const read = async (index: number) =>
      (await this.rpc.call(
        this.rpcs.readChunk,
        { attachmentId, index, [this.rpcs.ownerField]: ownerId },
        options,
      )) as unknown as ChunkReply<A>;
    const first = await read(0);
    const listed = first.attachment;
    if (!listed) throw new Error('the first chunk of an attachment came without its metadata');
    const parts: Uint8Array[] = [first.data];
    await forEachIndex(first.chunkCount - 1, PARALLEL_CHUNKS, async (i) => {
      parts[i + 1] = (await read(i + 1)).data;
    });
    const content = Buffer.concat(parts);
    const recorded = listed.sha256;
    const computed = sha256Hex(content);
    if (computed !== recorded || content.length !== Number(listed.size)) {
      this.logger.event('error', 'attachment content does not match its recorded SHA-256', {
        [this.rpcs.ownerField]: ownerId,
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
        this.rpcs.corruptedAtRest,
      );
    }
    return { attachment: listed, content };
  }
}

/** RFC 5987 / 6266 `filename*` value: UTF-8, percent-encoded. */
const encodeFilename = (name: string) =>
  encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Answers a download: the checked bytes, as an attachment, never sniffed or cached. */
export function sendAttachment(
  res: Response,
  attachment: { filename: string; mediaType: string; sha256: string },
  content: Buffer,
): void {
  res.status(200);
  res.setHeader('Content-Type', attachment.mediaType);
  res.setHeader('Content-Length', content.length);
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeFilename(attachment.filename)}`);
  res.setHeader('X-Content-SHA256', attachment.sha256);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.end(content);
}
