import { Module } from '@nestjs/common';
import { ActionItemsResolver } from './action-items.resolver.js';
import { MeetingFilesController } from './meeting-files.controller.js';
import { MeetingStatisticsResolver } from './meeting-statistics.resolver.js';
import { MeetingsResolver } from './meetings.resolver.js';

/**
 * Joint-liaison meetings: GraphQL over the meetings service (meetings, agenda, minutes, action items), and each
 * meeting as an iCalendar file over HTTP.
 */
@Module({
  providers: [MeetingsResolver, ActionItemsResolver, MeetingStatisticsResolver],
  controllers: [MeetingFilesController],
})
export class MeetingsModule {}
