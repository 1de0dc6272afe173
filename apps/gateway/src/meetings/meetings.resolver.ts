import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { MeetingsRpc, type Meeting } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { organizationOf } from '../directory/directory.mapper.js';
import { OrganizationModel } from '../directory/directory.models.js';
import { RPC_CALLER, type GraphQLContext } from '../graphql/graphql-context.js';
import { orNull } from '../graphql/or-null.js';
import { RecordAgendaItemArgs, RecordAttendanceArgs } from './agenda.inputs.js';
import {
  CancelMeetingArgs,
  CreateMeetingInput,
  MeetingIdArgs,
  MeetingListArgs,
  ScheduleMeetingArgs,
  SignMinutesArgs,
  UpdateMeetingArgs,
  VersionedMeetingArgs,
  WriteMinutesArgs,
} from './meetings.inputs.js';
import {
  toAgendaItemMessage,
  toAttendeeMessage,
  toDetailsMessage,
  toFilterMessage,
  toMeetingModel,
  toMeetingPageModel,
} from './meetings.mapper.js';
import { MeetingModel, MeetingPageModel } from './meetings.models.js';

const SECRETARY = 'meeting-secretary';

/**
 * Joint-liaison meetings over the meetings service. The secretary's moves need a `meeting-secretary` (as the
 * service's controller does; the service also checks the secretary is of the host organization); signing is
 * open to any authenticated user here because the service decides it with the meeting in hand (present
 * attendees sign). Every change names the version it was made on: a stale one is CONFLICT from the service.
 */
@Resolver(() => MeetingModel)
export class MeetingsResolver {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Query(() => MeetingModel, {
    nullable: true,
    description:
      'A meeting with its agenda, attendance, minutes and signatures; null if none or the caller may not see it.',
  })
  @Authorize()
  async meeting(@Args() { id }: MeetingIdArgs, @CurrentCaller() caller: Caller) {
    const found = await orNull(this.rpc.call(MeetingsRpc.get, { id }, { token: caller.token }));
    return found && this.model(found.meeting);
  }

  @Query(() => MeetingPageModel, {
    description:
      "Meetings the caller's organization hosts or is invited to, or supervises (a superior procuratorate of one of those), latest start first (a draft without a time by when it was made).",
  })
  @Authorize()
  async meetings(@Args() { filter, first, after }: MeetingListArgs, @CurrentCaller() caller: Caller) {
    const { meetings, nextPageToken } = await this.rpc.call(
      MeetingsRpc.list,
      { ...toFilterMessage(filter), pageSize: first, pageToken: after ?? '' },
      { token: caller.token },
    );
    return toMeetingPageModel(meetings, nextPageToken);
  }

  @Mutation(() => MeetingModel, {
    description:
      "A secretary of the host organization (the caller's) schedules a meeting and invites organizations and people. A retry with the same idempotencyKey returns the first meeting.",
  })
  @Authorize(SECRETARY)
  async createMeeting(@Args('input') input: CreateMeetingInput, @CurrentCaller() caller: Caller) {
    const { meeting } = await this.rpc.call(
      MeetingsRpc.create,
      { details: toDetailsMessage(input), idempotencyKey: input.idempotencyKey },
      { token: caller.token },
    );
    return this.model(meeting);
  }

  @Mutation(() => MeetingModel, {
    description: "Replaces a meeting's details (kind, title, time, place, invitees) before it starts.",
  })
  @Authorize(SECRETARY)
  async updateMeeting(
    @Args() { id, expectedVersion, details }: UpdateMeetingArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { meeting } = await this.rpc.call(
      MeetingsRpc.update,
      { id, expectedVersion, details: toDetailsMessage(details) },
      { token: caller.token },
    );
    return this.model(meeting);
  }

  @Mutation(() => MeetingModel, {
    description:
      "Gives a draft (a heads' consultation made for an objected transfer) its time and place: it becomes SCHEDULED.",
  })
  @Authorize(SECRETARY)
  async scheduleMeeting(
    @Args() { id, expectedVersion, startsAt, endsAt, location }: ScheduleMeetingArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { meeting } = await this.rpc.call(
      MeetingsRpc.schedule,
      { id, expectedVersion, startsAt, endsAt, location: location ?? '' },
      { token: caller.token },
    );
    return this.model(meeting);
  }

  @Mutation(() => MeetingModel, { description: 'Opens the session: SCHEDULED → IN_SESSION.' })
  @Authorize(SECRETARY)
  async startMeeting(@Args() { id, expectedVersion }: VersionedMeetingArgs, @CurrentCaller() caller: Caller) {
    const { meeting } = await this.rpc.call(
      MeetingsRpc.start,
      { id, expectedVersion },
      { token: caller.token },
    );
    return this.model(meeting);
  }

  @Mutation(() => MeetingModel, {
    description: 'Records the attendance list (the whole list: it replaces the previous one).',
  })
  @Authorize(SECRETARY)
  async recordAttendance(
    @Args() { id, expectedVersion, attendees }: RecordAttendanceArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { meeting } = await this.rpc.call(
      MeetingsRpc.recordAttendance,
      { id, expectedVersion, attendees: attendees.map(toAttendeeMessage) },
      { token: caller.token },
    );
    return this.model(meeting);
  }

  @Mutation(() => MeetingModel, {
    description:
      'Adds agenda item `item.number` (the next number) or replaces it: its subject, decision, opinions, referral and action items.',
  })
  @Authorize(SECRETARY)
  async recordAgendaItem(
    @Args() { id, expectedVersion, item }: RecordAgendaItemArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { meeting } = await this.rpc.call(
      MeetingsRpc.recordAgendaItem,
      { id, expectedVersion, item: toAgendaItemMessage(item) },
      { token: caller.token },
    );
    return this.model(meeting);
  }

  @Mutation(() => MeetingModel, {
    description:
      "Closes the session after checking the kind's quorum: IN_SESSION → CONCLUDED. Action items get their due dates; a heads' consultation's outcome goes to the transfers service.",
  })
  @Authorize(SECRETARY)
  async concludeMeeting(
    @Args() { id, expectedVersion }: VersionedMeetingArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { meeting } = await this.rpc.call(
      MeetingsRpc.conclude,
      { id, expectedVersion },
      { token: caller.token },
    );
    return this.model(meeting);
  }

  @Mutation(() => MeetingModel, {
    description:
      'Writes (or rewrites) the minutes of a concluded meeting. Signatures given on earlier minutes become invalid.',
  })
  @Authorize(SECRETARY)
  async writeMinutes(
    @Args() { id, expectedVersion, minutes }: WriteMinutesArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { meeting } = await this.rpc.call(
      MeetingsRpc.writeMinutes,
      { id, expectedVersion, minutes },
      { token: caller.token },
    );
    return this.model(meeting);
  }

  @Mutation(() => MeetingModel, {
    description:
      "A present attendee signs the minutes' `minutesDigest` they saw; when every present attendee has signed, the meeting is MINUTES_APPROVED.",
  })
  @Authorize()
  async signMinutes(@Args() { id, digest }: SignMinutesArgs, @CurrentCaller() caller: Caller) {
    const { meeting } = await this.rpc.call(MeetingsRpc.signMinutes, { id, digest }, { token: caller.token });
    return this.model(meeting);
  }

  @Mutation(() => MeetingModel, { description: 'Calls off a meeting that has not concluded, with a reason.' })
  @Authorize(SECRETARY)
  async cancelMeeting(
    @Args() { id, expectedVersion, reason }: CancelMeetingArgs,
    @CurrentCaller() caller: Caller,
  ) {
    const { meeting } = await this.rpc.call(
      MeetingsRpc.cancel,
      { id, expectedVersion, reason },
      { token: caller.token },
    );
    return this.model(meeting);
  }

  @ResolveField(() => OrganizationModel, {
    nullable: true,
    description: 'The host organization from the directory (batched across the request); null if unknown.',
  })
  async host(@Parent() meeting: MeetingModel, @Context() ctx: GraphQLContext) {
    return organizationOf(meeting.hostOrg, ctx);
  }

  private model(meeting: Meeting | undefined): MeetingModel {
    if (!meeting) throw new Error('the meetings service answered without the meeting');
    return toMeetingModel(meeting);
  }
}
