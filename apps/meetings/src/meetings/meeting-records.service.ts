import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { WorkingDayCalendar } from '@yiti/calendar';
import type {
  ConcludeMeetingRequest,
  Meeting as MeetingMessage,
  RecordAgendaItemRequest,
  RecordAttendanceRequest,
} from '@yiti/contracts';
import type { RpcCall } from '@yiti/messaging';
import { ActionItem } from './action-item.entity.js';
import { AgendaItem } from './agenda-item.entity.js';
import {
  checkedAgendaItem,
  checkedAttendees,
  checkItemFits,
  itemsWithoutOutcome,
  outcomeMessage,
  type CheckedAgendaItem,
} from './agenda.js';
import { describeState } from './lifecycle.js';
import { MeetingEventsOutbox } from './meeting-events.js';
import { MeetingQueriesService } from './meeting-queries.service.js';
import { actorOf, checkExpectedVersion, MeetingWriter } from './meeting-writer.js';
import { MeetingErrors } from './meetings.errors.js';
import type { LoadedMeeting } from './meetings.mapper.js';
import { Participants } from './participants.js';
import { missingForQuorum } from './quorum.js';

/**
 * What happens at the meeting, as its secretary records it: who attended, the agenda and what was decided on
 * each item, and concluding it — which checks the quorum, dates the action items in working days and tells
 * the transfers service what a heads' consultation decided on each disputed transfer.
 */
@Injectable()
export class MeetingRecordsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MeetingWriter) private readonly writer: MeetingWriter,
    @Inject(MeetingEventsOutbox) private readonly events: MeetingEventsOutbox,
    @Inject(Participants) private readonly participants: Participants,
    @Inject(WorkingDayCalendar) private readonly calendar: WorkingDayCalendar,
    @Inject(MeetingQueriesService) private readonly queries: MeetingQueriesService,
  ) {}

  /** The whole attendance list (it replaces the previous one). */
  async recordAttendance(request: RecordAttendanceRequest, call: RpcCall): Promise<MeetingMessage> {
    checkExpectedVersion(request.expectedVersion);
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.writer.lock(manager, request.id, call.principal.org);
      this.writer.precheck(meeting, 'recordAttendance', call.principal, request.expectedVersion);
      const { agenda } = await this.writer.load(manager, meeting);
      const attendees = checkedAttendees(request.attendees, meeting, agenda);
      await this.writer.change(
        manager,
        meeting,
        'recordAttendance',
        actorOf(call.principal),
        request.expectedVersion,
        {
          attendees,
        },
      );
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /**
   * Adds item `number` (the next number) or replaces it. What was decided on it is recorded only while the
   * meeting is in session.
   */
  async recordAgendaItem(request: RecordAgendaItemRequest, call: RpcCall): Promise<MeetingMessage> {
    checkExpectedVersion(request.expectedVersion);
    const checked = checkedAgendaItem(request.item);
    const seen = await this.dataSource.transaction((m) =>
      this.writer.lock(m, request.id, call.principal.org),
    );
    this.writer.precheck(seen, 'recordAgendaItem', call.principal, request.expectedVersion);
    await this.participants.requireKnown(
      checked.actions.map((a) => a.ownerOrg),
      'item.actions.ownerOrg',
      call.token,
    );
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.writer.lock(manager, request.id, call.principal.org);
      this.writer.precheck(meeting, 'recordAgendaItem', call.principal, request.expectedVersion);
      if (checked.decides && meeting.state !== 'in-session')
        throw MeetingErrors.illegalMove(
          meeting.id,
          describeState(meeting.state),
          'given decisions (only in session)',
        );
      const loaded = await this.writer.load(manager, meeting);
      checkItemFits(checked, loaded);
      await this.replaceItem(manager, loaded, checked);
      await this.writer.change(
        manager,
        meeting,
        'recordAgendaItem',
        actorOf(call.principal),
        request.expectedVersion,
      );
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /**
   * Ends the session. Refused, with nothing changed, when a heads' consultation leaves a disputed transfer
   * without an outcome (BAD_USER_INPUT) or the attendance lacks the kind's quorum (CONFLICT).
   */
  async conclude(request: ConcludeMeetingRequest, call: RpcCall): Promise<MeetingMessage> {
    checkExpectedVersion(request.expectedVersion);
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.writer.lock(manager, request.id, call.principal.org);
      this.writer.precheck(meeting, 'conclude', call.principal, request.expectedVersion);
      const loaded = await this.writer.load(manager, meeting);
      if (meeting.kind === 'heads-consultation') {
        const undecided = itemsWithoutOutcome(loaded.agenda);
        if (undecided.length > 0) throw MeetingErrors.outcomesMissing(undecided);
      }
      const missing = missingForQuorum(meeting);
      if (missing) throw MeetingErrors.noQuorum(meeting.id, missing);
      const now = new Date();
      await this.writer.change(
        manager,
        meeting,
        'conclude',
        actorOf(call.principal),
        request.expectedVersion,
        {
          concludedAt: now,
        },
      );
      await this.dateActions(manager, loaded, now);
      if (meeting.kind === 'heads-consultation')
        for (const item of loaded.agenda.filter((a) => a.transferId))
          await this.events.consultationDecided(
            manager,
            meeting,
            { transferId: item.transferId!, outcome: outcomeMessage(item), summary: item.decision },
            actorOf(call.principal),
          );
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /** Each action item is due `dueWithinDays` working days after the day the meeting concluded (Shanghai). */
  private async dateActions(manager: EntityManager, loaded: LoadedMeeting, concludedAt: Date): Promise<void> {
    for (const action of loaded.actions) {
      const due = this.calendar.deadlineOf(concludedAt, action.dueWithinDays);
      await manager
        .getRepository(ActionItem)
        .update(action.id, { dueDate: due.localDate, dueDateProvisional: due.provisional });
    }
  }

  /** Writes the item and its action items; an action sent back with its id keeps it (and its status). */
  private async replaceItem(
    manager: EntityManager,
    loaded: LoadedMeeting,
    checked: CheckedAgendaItem,
  ): Promise<void> {
    const meetingId = loaded.meeting.id;
    const number = checked.item.number;
    const kept = new Map(loaded.actions.filter((a) => a.itemNumber === number).map((a) => [a.id, a]));
    await manager.getRepository(AgendaItem).upsert({ ...checked.item, meetingId }, ['meetingId', 'number']);
    await manager.getRepository(ActionItem).delete({ meetingId, itemNumber: number });
    const used = new Set<string>();
    const actions = checked.actions.map((a, position) => {
      const previous = kept.get(a.id);
      const id = previous && !used.has(a.id) ? a.id : randomUUID();
      used.add(id);
      return {
        id,
        meetingId,
        itemNumber: number,
        position,
        ownerOrg: a.ownerOrg,
        description: a.description,
        dueWithinDays: a.dueWithinDays,
        dueDate: null,
        dueDateProvisional: false,
        status: previous?.status ?? 'open',
        statusBy: previous?.statusBy ?? null,
        statusAt: previous?.statusAt ?? null,
      } satisfies ActionItem;
    });
    if (actions.length > 0) await manager.getRepository(ActionItem).insert(actions);
  }
}
