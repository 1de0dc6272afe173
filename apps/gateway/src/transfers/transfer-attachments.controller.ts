import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Matches } from 'class-validator';
import { UUID } from '@yiti/contracts';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { HttpErrorFilter } from '../errors/http-errors.js';
import { uploadedFileOf } from '../attachments/attachment-upload.js';
import { sendAttachment } from '../attachments/chunked-attachments.js';
import { TransferAttachmentsService } from './transfer-attachments.service.js';

export class TransferPathParams {
  @Matches(UUID, { message: '$property must be a transfer id (a UUID)' })
  id: string;
}

export class AttachmentPathParams extends TransferPathParams {
  @Matches(UUID, { message: '$property must be an attachment id (a UUID)' })
  attachmentId: string;
}

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
    sendAttachment(res, attachment, content);
  }
}
