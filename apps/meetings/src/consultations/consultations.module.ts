import { Module } from '@nestjs/common';
import { CreateConsultationsTables1764000000002 } from '../migrations/1764000000002-create-consultations-tables.js';
import { ConsultationEditWithdraw1766100000000 } from '../migrations/1766100000000-consultation-edit-withdraw.js';
import { SupervisionMatters1766200000000 } from '../migrations/1766200000000-supervision-matters.js';
import { ConsultationAttachments1766300000000 } from '../migrations/1766300000000-consultation-attachments.js';
import { ConsultationAttachmentsController } from './consultation-attachments.controller.js';
import { ConsultationAttachmentsService } from './consultation-attachments.service.js';
import { PoliceConsultation } from './consultation.entity.js';
import { ConsultationEventsOutbox } from './consultation-events.js';
import { ConsultationQueriesService } from './consultation-queries.service.js';
import { ConsultationStatisticsService } from './consultation-statistics.service.js';
import { ConsultationWriter } from './consultation-writer.js';
import { ConsultationsController } from './consultations.controller.js';
import { ConsultationsScheduler } from './consultations.scheduler.js';
import { ConsultationsService } from './consultations.service.js';
import { ConsultationsDemoSeed } from './demo-seed.js';
import { FollowUpClocks } from './follow-up-clocks.js';
import { ConsultationRouting } from './routing.js';

/** The feature's entities and migrations, registered by AppModule with the service's data source. */
export const CONSULTATIONS_ENTITIES = [PoliceConsultation];
export const CONSULTATIONS_MIGRATIONS = [
  CreateConsultationsTables1764000000002,
  ConsultationEditWithdraw1766100000000,
  SupervisionMatters1766200000000,
  ConsultationAttachments1766300000000,
];

/** Police consultations at the ISCOs: logged by police liaison officers, answered by prosecutors. */
@Module({
  controllers: [ConsultationsController, ConsultationAttachmentsController],
  providers: [
    ConsultationsService,
    ConsultationAttachmentsService,
    ConsultationQueriesService,
    ConsultationStatisticsService,
    ConsultationWriter,
    ConsultationEventsOutbox,
    ConsultationRouting,
    FollowUpClocks,
    ConsultationsScheduler,
    ConsultationsDemoSeed,
  ],
})
export class ConsultationsModule {}
