import type { NextFunction, Request, Response } from 'express';
import { ATTACHMENT_MAX_BYTES, FILENAME_MAX_LENGTH, TransferReason, type ErrorReason } from '@yiti/contracts';
import { HttpError, sendHttpError } from '../errors/http-errors.js';

/**
 * `POST /transfers/:id/attachments` and `POST /consultations/:id/attachments`: the routes whose body is the raw
 * bytes of a file.
 */
const UPLOAD_PATH = /^\/(?:transfers|consultations)\/[^/?]+\/attachments\/?(?:\?.*)?$/;
/** A body going on past this many times the limit is not drained any further: the connection is dropped. */
const DRAIN_FACTOR = 2;
/** As the transfers service checks it. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;
/** No path, no control characters: a filename is shown and offered for download as is. */
const isSafeFilename = (name: string) =>
  !/[/\\]/.test(name) && [...name].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f);
const SHA256_HEX = /^[0-9a-f]{64}$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const tooLarge = (reason: ErrorReason) => ({
  status: 413,
  code: 'BAD_USER_INPUT' as const,
  message: `An attachment may be at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB.`,
  violations: [{ field: 'body', message: `must be at most ${ATTACHMENT_MAX_BYTES} bytes` }],
  reason,
});

/**
 * Reads the body of an attachment upload into `req.body` (a Buffer), whatever its content type, up to
 * ATTACHMENT_MAX_BYTES; a larger one is answered 413 once it has been read off (so the client sees the answer,
 * not a reset), or the connection is dropped when it goes on far past the limit. A request without a bearer token
 * is not read at all: the AuthGuard refuses it. Every other request passes through untouched (register this before
 * the JSON parser, which then skips the body it finds already read). The 413's reason is the domain's
 * (`TransferReason.ATTACHMENT_TOO_LARGE`, `ConsultationReason.ATTACHMENT_TOO_LARGE`).
 */
export function attachmentUploadBody(
  limit = ATTACHMENT_MAX_BYTES,
  tooLargeReasons: Record<string, ErrorReason> = {},
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (
      req.method !== 'POST' ||
      !UPLOAD_PATH.test(req.url) ||
      !/^Bearer /i.test(req.headers.authorization ?? '')
    ) {
      next();
      return;
    }
    let received = 0;
    let over = Number(req.headers['content-length'] ?? 0) > limit;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) over = true;
      if (received > DRAIN_FACTOR * limit) req.destroy();
      else if (!over) chunks.push(chunk);
    });
    req.once('end', () => {
      if (over) {
        const domain = req.url.split('/')[1] ?? '';
        sendHttpError(res, tooLarge(tooLargeReasons[domain] ?? TransferReason.ATTACHMENT_TOO_LARGE));
        return;
      }
      (req as Request & { body: Buffer }).body = Buffer.concat(chunks, received);
      next();
    });
    req.once('error', next);
  };
}

/** A file as the upload request describes it. */
export interface UploadedFile {
  content: Buffer;
  filename: string;
  mediaType: string;
  /** The SHA-256 (lowercase hex) the client computed, if it sent one. */
  declaredSha256: string | undefined;
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Which media types a domain accepts (exact, or `type/*`), and its reason for any other. */
export interface MediaTypePolicy {
  allowed: readonly string[];
  reason: ErrorReason;
}

/**
 * The upload's bytes and headers, checked as the service checks them: `X-Filename` (percent-encoded UTF-8,
 * required), `Content-Type` (its media type; parameters dropped; none = application/octet-stream; one the
 * policy allows, if there is one), `X-Content-SHA256` (optional, hex).
 */
export function uploadedFileOf(req: Request, policy?: MediaTypePolicy): UploadedFile {
  const content: unknown = req.body;
  if (!Buffer.isBuffer(content))
    throw new Error('the attachment upload body parser did not run for this request');
  const filename = filenameOf(header(req, 'x-filename'));
  const mediaType = mediaTypeOf(header(req, 'content-type'));
  if (policy && !allows(policy.allowed, mediaType))
    throw new HttpError(
      'BAD_USER_INPUT',
      `Files of type ${mediaType} cannot be attached here.`,
      400,
      [{ field: 'Content-Type', message: `must be one of ${policy.allowed.join(', ')}` }],
      policy.reason,
    );
  return { content, filename, mediaType, declaredSha256: sha256Of(header(req, 'x-content-sha256')) };
}

const allows = (allowed: readonly string[], mediaType: string) =>
  allowed.some((a) => a === mediaType || a === `${mediaType.split('/')[0]}/*`);

function filenameOf(raw: string | undefined): string {
  const field = 'X-Filename';
  if (raw === undefined || raw.trim() === '') throw HttpError.badInput(field, 'is required');
  let filename: string;
  try {
    if (!PRINTABLE_ASCII.test(raw)) throw new URIError();
    filename = decodeURIComponent(raw).trim();
  } catch {
    throw HttpError.badInput(field, 'must be a percent-encoded UTF-8 filename');
  }
  if (filename === '') throw HttpError.badInput(field, 'is required');
  if (filename.length > FILENAME_MAX_LENGTH)
    throw HttpError.badInput(field, `must be at most ${FILENAME_MAX_LENGTH} characters`);
  if (!isSafeFilename(filename))
    throw HttpError.badInput(field, 'must not contain path separators or control characters');
  return filename;
}

function mediaTypeOf(raw: string | undefined): string {
  const mediaType = (raw ?? '').split(';')[0]!.trim().toLowerCase() || 'application/octet-stream';
  if (!MEDIA_TYPE.test(mediaType))
    throw HttpError.badInput('Content-Type', 'must be a media type such as application/pdf');
  return mediaType;
}

function sha256Of(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const digest = raw.trim().toLowerCase();
  if (!SHA256_HEX.test(digest))
    throw HttpError.badInput('X-Content-SHA256', 'must be a SHA-256 digest (64 hex digits)');
  return digest;
}
