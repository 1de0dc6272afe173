import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Matches } from 'class-validator';
import { UUID } from '@yiti/contracts';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { HttpErrorFilter } from '../errors/http-errors.js';
import { uploadedFileOf } from './attachment-upload.js';
import { TransferAttachmentsService } from './transfer-attachments.service.js';

export class TransferPathParams {
  @Matches(UUID, { message: '$property must be a transfer id (a UUID)' })
  id: string;
}

export class AttachmentPathParams extends TransferPathParams {
  @Matches(UUID, { message: '$property must be an attachment id (a UUID)' })
  attachmentId: string;
}

/** RFC 5987 / 6266 `filename*` value: UTF-8, percent-encoded. */
const encodeFilename = (name: string) =>
  encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Attachment content over HTTP (it does not go through GraphQL): the raw bytes in, the checked bytes out. The
 * global AuthGuard verifies the bearer token; the transfers service decides whether the caller's organization may
 * add to or read the transfer. Errors are `{ "error": { "code", "message" } }` (HttpErrorFilter).
 */
@Controller('transfers/:id/attachments')
@UseFilters(HttpErrorFilter)
export class TransferAttachmentsController {
  constructor(@Inject(TransferAttachmentsService) private readonly attachments: TransferAttachmentsService) {}

  /** The body is the file; headers `Content-Type`, `X-Filename` (percent-encoded), optional `X-Content-SHA256`. */
  @Post()
  @HttpCode(201)
  @Authorize('prosecutor', 'chief-prosecutor')
  upload(@Param() { id }: TransferPathParams, @Req() req: Request, @CurrentCaller() caller: Caller) {
    return this.attachments.upload(id, uploadedFileOf(req), caller);
  }

  @Get(':attachmentId')
  @Authorize()
  async download(
    @Param() { id, attachmentId }: AttachmentPathParams,
    @Res() res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    const { attachment, content } = await this.attachments.download(id, attachmentId, caller);
    res.status(200);
    res.setHeader('Content-Type', attachment.mediaType);
    res.setHeader('Content-Length', content.length);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeFilename(attachment.filename)}`,
    );
    res.setHeader('X-Content-SHA256', attachment.sha256);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.end(content);
  }
}
