import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  MeetingsRpc,
  type CancelMeetingRequest,
  type ConcludeMeetingRequest,
  type CreateMeetingRequest,
  type GetMeetingRequest,
  type ListActionItemsRequest,
  type ListMeetingsRequest,
  type MeetingCalendarRequest,
  type MeetingStatisticsRequest,
  type RecordAgendaItemRequest,
  type RecordAttendanceRequest,
  type ScheduleMeetingRequest,
  type SignMinutesRequest,
  type StartMeetingRequest,
  type UpdateActionItemRequest,
  type UpdateMeetingRequest,
  type WriteMinutesRequest,
} from '@yiti/contracts';
import { requireRole, RpcHandler, type RpcCall } from '@yiti/messaging';
import { ActionItemsService } from './action-items.service.js';
import { MeetingQueriesService } from './meeting-queries.service.js';
import { MeetingRecordsService } from './meeting-records.service.js';
import { MeetingStatisticsService } from './meeting-statistics.service.js';
import { MeetingsService } from './meetings.service.js';
import { MinutesService } from './minutes.service.js';

/**
 * NATS handlers for meetings. Creating needs a meeting secretary; every other change's organization, role
 * and state are checked by the lifecycle (lifecycle.ts) inside the services, where the meeting is known.
 */
@Controller()
export class MeetingsController {
  constructor(
    @Inject(MeetingsService) private readonly meetings: MeetingsService,
    @Inject(MeetingRecordsService) private readonly records: MeetingRecordsService,
    @Inject(MinutesService) private readonly minutes: MinutesService,
    @Inject(MeetingQueriesService) private readonly queries: MeetingQueriesService,
    @Inject(ActionItemsService) private readonly actions: ActionItemsService,
    @Inject(MeetingStatisticsService) private readonly statistics: MeetingStatisticsService,
  ) {}

  @RpcHandler(MeetingsRpc.create)
  async create(@Payload() request: CreateMeetingRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'meeting-secretary');
    return { meeting: await this.meetings.create(request, call) };
  }

  @RpcHandler(MeetingsRpc.update)
  async update(@Payload() request: UpdateMeetingRequest, @Ctx() call: RpcCall) {
    return { meeting: await this.meetings.update(request, call) };
  }

  @RpcHandler(MeetingsRpc.schedule)
  async schedule(@Payload() request: ScheduleMeetingRequest, @Ctx() call: RpcCall) {
    return { meeting: await this.meetings.schedule(request, call) };
  }

  @RpcHandler(MeetingsRpc.start)
  async start(@Payload() request: StartMeetingRequest, @Ctx() call: RpcCall) {
    return { meeting: await this.meetings.start(request, call) };
  }

  @RpcHandler(MeetingsRpc.cancel)
  async cancel(@Payload() request: CancelMeetingRequest, @Ctx() call: RpcCall) {
    return { meeting: await this.meetings.cancel(request, call) };
  }

  @RpcHandler(MeetingsRpc.recordAttendance)
  async recordAttendance(@Payload() request: RecordAttendanceRequest, @Ctx() call: RpcCall) {
    return { meeting: await this.records.recordAttendance(request, call) };
  }

  @RpcHandler(MeetingsRpc.recordAgendaItem)
  async recordAgendaItem(@Payload() request: RecordAgendaItemRequest, @Ctx() call: RpcCall) {
    return { meeting: await this.records.recordAgendaItem(request, call) };
  }

  @RpcHandler(MeetingsRpc.conclude)
  async conclude(@Payload() request: ConcludeMeetingRequest, @Ctx() call: RpcCall) {
    return { meeting: await this.records.conclude(request, call) };
  }

  @RpcHandler(MeetingsRpc.writeMinutes)
  async writeMinutes(@Payload() request: WriteMinutesRequest, @Ctx() call: RpcCall) {
    return { meeting: await this.minutes.write(request, call) };
  }

  @RpcHandler(MeetingsRpc.signMinutes)
  async signMinutes(@Payload() request: SignMinutesRequest, @Ctx() call: RpcCall) {
    return { meeting: await this.minutes.sign(request, call) };
  }

  @RpcHandler(MeetingsRpc.get)
  async get(@Payload() request: GetMeetingRequest, @Ctx() call: RpcCall) {
    return { meeting: await this.queries.get(request.id, call) };
  }

  @RpcHandler(MeetingsRpc.list)
  list(@Payload() request: ListMeetingsRequest, @Ctx() call: RpcCall) {
    return this.queries.list(request, call);
  }

  @RpcHandler(MeetingsRpc.calendar)
  calendar(@Payload() request: MeetingCalendarRequest, @Ctx() call: RpcCall) {
    return this.queries.calendar(request.id, call);
  }

  @RpcHandler(MeetingsRpc.listActionItems)
  async listActionItems(@Payload() request: ListActionItemsRequest, @Ctx() call: RpcCall) {
    return { items: await this.actions.list(request, call) };
  }

  @RpcHandler(MeetingsRpc.updateActionItem)
  async updateActionItem(@Payload() request: UpdateActionItemRequest, @Ctx() call: RpcCall) {
    return { item: await this.actions.update(request, call) };
  }

  @RpcHandler(MeetingsRpc.meetingStatistics)
  async meetingStatistics(@Payload() request: MeetingStatisticsRequest, @Ctx() call: RpcCall) {
    return { rows: await this.statistics.statistics(request, call) };
  }
}
