import { Module } from '@nestjs/common';
import { AgreementEventsOutbox } from './agreement-events.js';
import { AgreementQueriesService } from './agreement-queries.service.js';
import { AgreementsController } from './agreements.controller.js';
import { AgreementsRepository } from './agreements.repository.js';
import { AgreementsScheduler } from './agreements.scheduler.js';
import { AgreementsService } from './agreements.service.js';
import { DemoSeed } from './demo-seed.js';
import { DirectoryLookup } from './directory-lookup.js';

@Module({
  controllers: [AgreementsController],
  providers: [
    AgreementsService,
    AgreementQueriesService,
    AgreementsRepository,
    AgreementEventsOutbox,
    AgreementsScheduler,
    DirectoryLookup,
    DemoSeed,
  ],
})
export class AgreementsModule {}
