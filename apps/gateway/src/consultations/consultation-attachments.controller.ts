import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Matches } from 'class-validator';
import { CONSULTATION_ATTACHMENT_MEDIA_TYPES, ConsultationReason, UUID } from '@yiti/contracts';
import { uploadedFileOf } from '../attachments/attachment-upload.js';
import { sendAttachment } from '../attachments/chunked-attachments.js';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { HttpErrorFilter } from '../errors/http-errors.js';
import { ConsultationAttachmentsService } from './consultation-attachments.service.js';

export class ConsultationPathParams {
  @Matches(UUID, { message: '$property must be a consultation id (a UUID)' })
  id: string;
}

export class ConsultationAttachmentPathParams extends ConsultationPathParams {
  @Matches(UUID, { message: '$property must be an attachment id (a UUID)' })
  attachmentId: string;
}

const MEDIA_TYPES = {
  allowed: CONSULTATION_ATTACHMENT_MEDIA_TYPES,
  reason: ConsultationReason.ATTACHMENT_BAD_TYPE,
};

/**
 * Consultation files over HTTP, as transfers' (the shared attachments/ plumbing): the raw bytes in, the checked
 * bytes out. Uploads need a police liaison officer (the meetings service checks the bureau and the state);
 * whoever may see the consultation downloads.
 */
@Controller('consultations/:id/attachments')
@UseFilters(HttpErrorFilter)
export class ConsultationAttachmentsController {
  constructor(
    @Inject(ConsultationAttachmentsService) private readonly attachments: ConsultationAttachmentsService,
  ) {}

  /** The body is the file; headers `Content-Type`, `X-Filename` (percent-encoded), optional `X-Content-SHA256`. */
  @Post()
  @HttpCode(201)
  @Authorize('police-liaison')
  upload(@Param() { id }: ConsultationPathParams, @Req() req: Request, @CurrentCaller() caller: Caller) {
    return this.attachments.upload(id, uploadedFileOf(req, MEDIA_TYPES), caller);
  }

  @Get(':attachmentId')
  @Authorize()
  async download(
    @Param() { id, attachmentId }: ConsultationAttachmentPathParams,
    @Res() res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    const { attachment, content } = await this.attachments.download(id, attachmentId, caller);
    sendAttachment(res, attachment, content);
  }
}
