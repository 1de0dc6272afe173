import { Module } from '@nestjs/common';
import { CreateMeetingsTables1764000000001 } from '../migrations/1764000000001-create-meetings-tables.js';
import { ActionItem } from './action-item.entity.js';
import { ActionItemsService } from './action-items.service.js';
import { AgendaItem } from './agenda-item.entity.js';
import { DemoSeed } from './demo-seed.js';
import { Meeting } from './meeting.entity.js';
import { MeetingEventsOutbox } from './meeting-events.js';
import { MeetingQueriesService } from './meeting-queries.service.js';
import { MeetingRecordsService } from './meeting-records.service.js';
import { MeetingStatisticsService } from './meeting-statistics.service.js';
import { MeetingWriter } from './meeting-writer.js';
import { MeetingsController } from './meetings.controller.js';
import { MeetingsService } from './meetings.service.js';
import { MinutesService } from './minutes.service.js';
import { MinutesSignature } from './minutes-signature.entity.js';
import { Participants } from './participants.js';
import { TransferObjections } from './transfer-objections.js';

export const MEETINGS_ENTITIES = [Meeting, AgendaItem, ActionItem, MinutesSignature];
export const MEETINGS_FEATURE_MIGRATIONS = [CreateMeetingsTables1764000000001];

/** Joint-liaison meetings (联席会议): planning, the record of decisions, minutes and their signatures, tasks. */
@Module({
  controllers: [MeetingsController],
  providers: [
    MeetingsService,
    MeetingRecordsService,
    MinutesService,
    MeetingQueriesService,
    ActionItemsService,
    MeetingStatisticsService,
    MeetingWriter,
    MeetingEventsOutbox,
    Participants,
    TransferObjections,
    DemoSeed,
  ],
})
export class MeetingsModule {}
