import { Module } from '@nestjs/common';
import { TransferAttachmentsController } from './transfer-attachments.controller.js';
import { TransferAttachmentsService } from './transfer-attachments.service.js';
import { TransfersResolver } from './transfers.resolver.js';

/**
 * Transfers: GraphQL over the transfers service, and attachment content over HTTP (its body parser,
 * `attachmentUploadBody`, is registered in gateway.app.ts before the JSON parser).
 */
@Module({
  providers: [TransfersResolver, TransferAttachmentsService],
  controllers: [TransferAttachmentsController],
})
export class TransfersModule {}
