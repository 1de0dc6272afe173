import { create, toBinary } from '@bufbuild/protobuf';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { WorkingDayCalendar } from '@yiti/calendar';
import { ActionItemDueMovedSchema, FollowUpDueMovedSchema, MeetingDeadlineEvents } from '@yiti/contracts';
import { appendEvent } from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { PoliceConsultation } from '../consultations/consultation.entity.js';
import { followUpToMessage } from '../consultations/consultations.mapper.js';
import { FollowUpClocks } from '../consultations/follow-up-clocks.js';
import { ActionItem } from '../meetings/action-item.entity.js';
import { Meeting } from '../meetings/meeting.entity.js';
import { MEETINGS_SCHEMA } from '../meetings.config.js';
import { EVENT_SUBJECT_PREFIX } from '../tokens.js';

const BATCH = 200;
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** What one pass changed. */
export interface DueRecomputeResult {
  /** Provisional due dates and follow-up clocks counted again. */
  checked: number;
  /** Those that moved (one event each). */
  moved: number;
  /** Those no longer provisional. */
  settled: number;
}

/**
 * Provisional action-item due dates and police follow-up clocks (counted over a year whose holidays were not
 * published) are counted again at boot with the calendar in use (a newer chinese-days,
 * NATIONAL_HOLIDAYS_FILE, REGIONAL_HOLIDAYS_FILE): each that moves is updated and announced once through the
 * outbox (`action-item.due-moved`, `police-consultation.follow-up-due-moved`), and loses `provisional` once
 * its years are published. Rows are taken `FOR UPDATE SKIP LOCKED`; overdue marks are left as they are.
 */
@Injectable()
export class DueRecompute implements OnApplicationBootstrap {
  private readonly clocks: FollowUpClocks;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WorkingDayCalendar) private readonly calendar: WorkingDayCalendar,
    @Inject(EVENT_SUBJECT_PREFIX) private readonly prefix: string,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    this.clocks = new FollowUpClocks(calendar);
  }

  async onApplicationBootstrap(): Promise<void> {
    const result = await this.runOnce();
    if (result.checked > 0) this.logger.event('info', 'provisional due dates recomputed', { ...result });
  }

  async runOnce(): Promise<DueRecomputeResult> {
    const total: DueRecomputeResult = { checked: 0, moved: 0, settled: 0 };
    for (const pass of [this.actionItems, this.followUps]) {
      let after = NO_ID;
      for (;;) {
        const batch = await this.dataSource.transaction((m) => pass.call(this, m, after, total));
        if (batch.rows < BATCH) break;
        after = batch.last;
      }
    }
    return total;
  }

  private async actionItems(
    manager: EntityManager,
    after: string,
    total: DueRecomputeResult,
  ): Promise<{ rows: number; last: string }> {
    const rows = await manager
      .getRepository(ActionItem)
      .createQueryBuilder('a')
      .where('a.due_date_provisional AND a.id > :after', { after })
      .orderBy('a.id')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .limit(BATCH)
      .getMany();
    const meetings = new Map<string, Meeting | null>();
    for (const action of rows) {
      if (!meetings.has(action.meetingId)) {
        meetings.set(
          action.meetingId,
          await manager.getRepository(Meeting).findOneBy({ id: action.meetingId }),
        );
      }
      const concludedAt = meetings.get(action.meetingId)?.concludedAt;
      if (!concludedAt || !action.dueDate) continue;
      total.checked++;
      const due = this.calendar.deadlineOf(concludedAt, action.dueWithinDays);
      const changes: Partial<ActionItem> = {};
      if (!due.provisional) {
        changes.dueDateProvisional = false;
        total.settled++;
      }
      if (due.localDate !== action.dueDate) {
        changes.dueDate = due.localDate;
        total.moved++;
        const payload = create(ActionItemDueMovedSchema, {
          actionItemId: action.id,
          meetingId: action.meetingId,
          ownerOrg: action.ownerOrg,
          previousDueDate: action.dueDate,
          dueDate: due.localDate,
          provisional: due.provisional,
          occurredAt: new Date().toISOString(),
        });
        await appendEvent(manager, MEETINGS_SCHEMA, {
          subject: this.prefix + MeetingDeadlineEvents.actionItemDueMoved.subject,
          payload: toBinary(ActionItemDueMovedSchema, payload),
        });
      }
      if (Object.keys(changes).length > 0) await manager.getRepository(ActionItem).update(action.id, changes);
    }
    return { rows: rows.length, last: rows.at(-1)?.id ?? after };
  }

  private async followUps(
    manager: EntityManager,
    after: string,
    total: DueRecomputeResult,
  ): Promise<{ rows: number; last: string }> {
    const rows = await manager
      .getRepository(PoliceConsultation)
      .createQueryBuilder('c')
      .where('c.follow_up_due_provisional AND c.id > :after', { after })
      .orderBy('c.id')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .limit(BATCH)
      .getMany();
    for (const consultation of rows) {
      const previous = consultation.followUpDueAt;
      const due = consultation.opinionAt
        ? this.clocks.due(consultation.followUp, consultation.opinionAt)
        : undefined;
      if (!due || !previous) continue;
      total.checked++;
      const changes: Partial<PoliceConsultation> = {};
      if (!due.provisional) {
        changes.followUpDueProvisional = false;
        total.settled++;
      }
      if (due.at.getTime() !== previous.getTime()) {
        changes.followUpDueAt = due.at;
        total.moved++;
        const payload = create(FollowUpDueMovedSchema, {
          consultationId: consultation.id,
          iscoOrg: consultation.iscoOrg,
          policeOrg: consultation.policeOrg,
          procuratorateOrg: consultation.procuratorateOrg,
          visibleTo: consultation.visibleTo,
          followUp: followUpToMessage(consultation.followUp),
          previousDueAt: previous.toISOString(),
          dueAt: due.at.toISOString(),
          localDate: due.localDate,
          provisional: due.provisional,
          occurredAt: new Date().toISOString(),
        });
        await appendEvent(manager, MEETINGS_SCHEMA, {
          subject: this.prefix + MeetingDeadlineEvents.followUpDueMoved.subject,
          payload: toBinary(FollowUpDueMovedSchema, payload),
        });
      }
      if (Object.keys(changes).length > 0) {
        await manager.getRepository(PoliceConsultation).update(consultation.id, changes);
      }
    }
    return { rows: rows.length, last: rows.at(-1)?.id ?? after };
  }
}
