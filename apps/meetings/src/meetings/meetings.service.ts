import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  NOTE_MAX_LENGTH,
  type CancelMeetingRequest,
  type CreateMeetingRequest,
  type Meeting as MeetingMessage,
  type ScheduleMeetingRequest,
  type StartMeetingRequest,
  type UpdateMeetingRequest,
} from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { checkIdempotencyKey, IdempotentCreation } from '@yiti/persistence';
import { MEETINGS_SCHEMA } from '../meetings.config.js';
import { checkedDetails, checkTime } from './details.js';
import { checkStartTime } from './lifecycle.js';
import { Meeting } from './meeting.entity.js';
import { MeetingEventsOutbox } from './meeting-events.js';
import { MeetingQueriesService } from './meeting-queries.service.js';
import { actorOf, checkExpectedVersion, MeetingWriter } from './meeting-writer.js';
import { Participants } from './participants.js';

const idempotent = new IdempotentCreation(MEETINGS_SCHEMA);

/**
 * A meeting's life as the host's secretary plans it: create (scheduled), edit, schedule a draft, start,
 * cancel. Each change runs in one transaction through MeetingWriter (row lock, lifecycle, version, outbox);
 * the directory is asked before the transaction opens, so no lock is held across a network call.
 */
@Injectable()
export class MeetingsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MeetingWriter) private readonly writer: MeetingWriter,
    @Inject(MeetingEventsOutbox) private readonly events: MeetingEventsOutbox,
    @Inject(Participants) private readonly participants: Participants,
    @Inject(MeetingQueriesService) private readonly queries: MeetingQueriesService,
  ) {}

  /** A scheduled meeting hosted by the caller's organization; a retry with the same key returns the first. */
  async create(request: CreateMeetingRequest, call: RpcCall): Promise<MeetingMessage> {
    checkIdempotencyKey(request.idempotencyKey);
    const details = checkedDetails(request.details);
    const time = details.time!;
    const org = call.principal.org;
    const claim = idempotent.claimOf('meeting.create', request.idempotencyKey, request, call);
    const done = await idempotent.earlierResult(this.dataSource.manager, claim);
    if (done) return this.queries.view(done, org);
    const visibleTo = await this.participants.visibleTo(
      org,
      details.invitees.map((i) => i.org),
      call.token,
    );
    const id = await this.dataSource.transaction((manager) =>
      idempotent.once(manager, claim, async () => {
        const now = new Date();
        const meeting = manager.getRepository(Meeting).create({
          id: randomUUID(),
          kind: details.kind,
          state: 'scheduled',
          hostOrg: org,
          title: details.title,
          ...time,
          invitees: details.invitees,
          attendees: [],
          visibleTo,
          minutes: '',
          version: 1,
          cancelledReason: null,
          transferId: null,
          transferParties: null,
          demo: false,
          createdBy: call.principal.username,
          createdAt: now,
          listedAt: time.startsAt,
          updatedAt: now,
          concludedAt: null,
          approvedAt: null,
        });
        await this.writer.insert(manager, meeting, actorOf(call.principal));
        return meeting.id;
      }),
    );
    return this.queries.view(id, org);
  }

  /** New details (the kind stays); a start that changes must be in the future. */
  async update(request: UpdateMeetingRequest, call: RpcCall): Promise<MeetingMessage> {
    checkExpectedVersion(request.expectedVersion);
    const seen = await this.seen(request.id, call, 'update', request.expectedVersion);
    const details = checkedDetails(request.details, {
      fixedKind: seen.kind,
      previousStart: seen.startsAt,
      timeOptional: seen.state === 'draft',
    });
    const invited = [...details.invitees.map((i) => i.org), ...(seen.transferParties ?? [])];
    const visibleTo = await this.participants.visibleTo(seen.hostOrg, invited, call.token);
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.writer.lock(manager, request.id, call.principal.org);
      const orgs = new Set([meeting.hostOrg, ...details.invitees.map((i) => i.org)]);
      const dropped = meeting.attendees.filter((a) => !orgs.has(a.org)).map((a) => a.org);
      inputCheck()
        .that(
          'details.invitees',
          dropped.length === 0,
          `must keep the organizations of recorded attendees: ${[...new Set(dropped)].join(', ')}`,
        )
        .done();
      await this.writer.change(manager, meeting, 'update', actorOf(call.principal), request.expectedVersion, {
        title: details.title,
        ...(details.time ?? { location: details.location }),
        invitees: details.invitees,
        visibleTo,
        ...(details.time ? { listedAt: details.time.startsAt } : {}),
      });
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /**
   * A draft (a heads' consultation made for an objection) gets its time and becomes scheduled; for a disputed
   * transfer the transfers service is told, and the transfer goes into consultation.
   */
  async schedule(request: ScheduleMeetingRequest, call: RpcCall): Promise<MeetingMessage> {
    checkExpectedVersion(request.expectedVersion);
    const seen = await this.seen(request.id, call, 'schedule', request.expectedVersion);
    const check = inputCheck();
    const time = checkTime(
      check,
      '',
      {
        startsAt: request.startsAt,
        endsAt: request.endsAt,
        location: request.location.trim() || seen.location,
      },
      () => true,
    );
    check.done();
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.writer.lock(manager, request.id, call.principal.org);
      await this.writer.change(
        manager,
        meeting,
        'schedule',
        actorOf(call.principal),
        request.expectedVersion,
        {
          ...time!,
          listedAt: time!.startsAt,
        },
      );
      if (meeting.transferId)
        await this.events.consultationScheduled(
          manager,
          meeting,
          meeting.transferId,
          actorOf(call.principal),
        );
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /** In session; not earlier than START_EARLIEST_MINUTES_BEFORE minutes before its start (CONFLICT). */
  async start(request: StartMeetingRequest, call: RpcCall): Promise<MeetingMessage> {
    checkExpectedVersion(request.expectedVersion);
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.writer.lock(manager, request.id, call.principal.org);
      this.writer.precheck(meeting, 'start', call.principal, request.expectedVersion);
      checkStartTime(meeting);
      await this.writer.change(manager, meeting, 'start', actorOf(call.principal), request.expectedVersion);
    });
    return this.queries.view(request.id, call.principal.org);
  }

  async cancel(request: CancelMeetingRequest, call: RpcCall): Promise<MeetingMessage> {
    checkExpectedVersion(request.expectedVersion);
    const reason = request.reason.trim();
    inputCheck().required('reason', reason).maxLength('reason', reason, NOTE_MAX_LENGTH).done();
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.writer.lock(manager, request.id, call.principal.org);
      await this.writer.change(manager, meeting, 'cancel', actorOf(call.principal), request.expectedVersion, {
        cancelledReason: reason,
      });
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /** The meeting as it is now, refused early (before asking the directory) if the change could not succeed. */
  private async seen(
    id: string,
    call: RpcCall,
    move: 'update' | 'schedule',
    expectedVersion: number,
  ): Promise<Meeting> {
    const meeting = await this.dataSource.transaction((m) => this.writer.lock(m, id, call.principal.org));
    this.writer.precheck(meeting, move, call.principal, expectedVersion);
    return meeting;
  }
}
