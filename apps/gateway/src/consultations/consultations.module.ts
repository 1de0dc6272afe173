import { Module } from '@nestjs/common';
import { ConsultationAttachmentsController } from './consultation-attachments.controller.js';
import { ConsultationAttachmentsService } from './consultation-attachments.service.js';
import { ConsultationStatisticsResolver } from './consultation-statistics.resolver.js';
import { ConsultationsResolver } from './consultations.resolver.js';

/**
 * Police consultations at the ISCOs and their per-office statistics: GraphQL over the meetings service, and
 * the files attached to consultations over HTTP (the body parser is registered in gateway.app.ts).
 */
@Module({
  providers: [ConsultationsResolver, ConsultationStatisticsResolver, ConsultationAttachmentsService],
  controllers: [ConsultationAttachmentsController],
})
export class ConsultationsModule {}
