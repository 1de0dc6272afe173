import { Module } from '@nestjs/common';
import { AttachmentsController } from '../attachments/attachments.controller.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { ConsultationOutcomes } from './consultation-outcomes.js';
import { DeadlineRecompute } from './deadline-recompute.js';
import { Deadlines } from './deadlines.js';
import { DemoSeed } from './demo-seed.js';
import { LegalBasis } from './legal-basis.js';
import { Routing } from './routing.js';
import { ScorecardsService } from './scorecards.service.js';
import { TransferEventsOutbox } from './transfer-events.js';
import { TransferQueriesService } from './transfer-queries.service.js';
import { TransferWriter } from './transfer-writer.js';
import { TransfersController } from './transfers.controller.js';
import { TransfersScheduler } from './transfers.scheduler.js';
import { TransfersService } from './transfers.service.js';

@Module({
  controllers: [TransfersController, AttachmentsController],
  providers: [
    TransfersService,
    TransferQueriesService,
    ScorecardsService,
    AttachmentsService,
    TransferWriter,
    TransferEventsOutbox,
    Deadlines,
    DeadlineRecompute,
    LegalBasis,
    Routing,
    TransfersScheduler,
    ConsultationOutcomes,
    DemoSeed,
  ],
})
export class TransfersModule {}
