import { Inject, Injectable } from '@nestjs/common';
import { WorkingDayCalendar, type ComputedDeadline } from '@yiti/calendar';
import { Deadline } from '@yiti/contracts';
import type { Transfer } from './transfer.entity.js';

export const CONSULTATION_DAYS = 'CONSULTATION_DAYS';

/** The columns of one kind of deadline and how it is counted from a stored transfer. */
export interface DeadlineColumns {
  deadline: Deadline;
  due: 'acknowledgeDueAt' | 'decideDueAt' | 'consultationDueAt';
  provisional: 'acknowledgeDueProvisional' | 'decideDueProvisional' | 'consultationDueProvisional';
}

export const DEADLINE_COLUMNS: readonly DeadlineColumns[] = [
  { deadline: Deadline.ACKNOWLEDGE, due: 'acknowledgeDueAt', provisional: 'acknowledgeDueProvisional' },
  { deadline: Deadline.DECIDE, due: 'decideDueAt', provisional: 'decideDueProvisional' },
  { deadline: Deadline.CONSULTATION, due: 'consultationDueAt', provisional: 'consultationDueProvisional' },
];

/**
 * Transfer deadlines in working days (Asia/Shanghai, national holidays and make-up days, Tibet's regional
 * holidays): each ends at 24:00 of its last working day, and is provisional when counted over a year whose
 * holidays are not published yet.
 */
@Injectable()
export class Deadlines {
  constructor(
    @Inject(WorkingDayCalendar) private readonly calendar: WorkingDayCalendar,
    @Inject(CONSULTATION_DAYS) private readonly consultationDays: number,
  ) {}

  /** Acknowledge (open) within `days` working days of sending. */
  acknowledge(sentAt: Date, days: number): Date {
    return this.calendar.deadline(sentAt, days);
  }

  /** Accept, return or object within `days` working days of receipt. */
  decide(receivedAt: Date, days: number): Date {
    return this.calendar.deadline(receivedAt, days);
  }

  /** The heads' consultation decides within CONSULTATION_DAYS working days of the objection. */
  consultation(objectedAt: Date): Date {
    return this.calendar.deadline(objectedAt, this.consultationDays);
  }

  /** The acknowledge deadline's columns. */
  acknowledgeDue(
    sentAt: Date,
    days: number,
  ): Pick<Transfer, 'acknowledgeDueAt' | 'acknowledgeDueProvisional'> {
    const due = this.calendar.deadlineOf(sentAt, days);
    return { acknowledgeDueAt: due.at, acknowledgeDueProvisional: due.provisional };
  }

  /** The decide deadline's columns. */
  decideDue(receivedAt: Date, days: number): Pick<Transfer, 'decideDueAt' | 'decideDueProvisional'> {
    const due = this.calendar.deadlineOf(receivedAt, days);
    return { decideDueAt: due.at, decideDueProvisional: due.provisional };
  }

  /** The consultation deadline's columns. */
  consultationDue(objectedAt: Date): Pick<Transfer, 'consultationDueAt' | 'consultationDueProvisional'> {
    const due = this.calendar.deadlineOf(objectedAt, this.consultationDays);
    return { consultationDueAt: due.at, consultationDueProvisional: due.provisional };
  }

  /**
   * A stored deadline counted again with the calendar in use: from sending (acknowledge), receipt (decide) or
   * the objection (consultation, the receiver's decision time); undefined when it has not started.
   */
  recount(transfer: Transfer, deadline: Deadline): ComputedDeadline | undefined {
    switch (deadline) {
      case Deadline.ACKNOWLEDGE:
        return transfer.sentAt && transfer.acknowledgeDays
          ? this.calendar.deadlineOf(transfer.sentAt, transfer.acknowledgeDays)
          : undefined;
      case Deadline.DECIDE:
        return transfer.receivedAt
          ? this.calendar.deadlineOf(transfer.receivedAt, transfer.decideDays ?? 1)
          : undefined;
      case Deadline.CONSULTATION:
        return transfer.receiverDecision === 'objected' && transfer.decidedAt
          ? this.calendar.deadlineOf(transfer.decidedAt, this.consultationDays)
          : undefined;
      default:
        return undefined;
    }
  }

  /** The receipt's changes: the receiver opened it and the decide clock starts; a late receipt is overdue. */
  receipt(transfer: Transfer, now: Date): Partial<Transfer> {
    const late =
      transfer.acknowledgeDueAt && now > transfer.acknowledgeDueAt && !transfer.acknowledgeOverdueAt;
    return {
      receivedAt: now,
      ...this.decideDue(now, transfer.decideDays ?? 1),
      ...(late ? { acknowledgeOverdueAt: now } : {}),
    };
  }

  /** A decision after the decide deadline marks it overdue (if the scheduler has not yet). */
  lateDecision(transfer: Transfer, now: Date): Partial<Transfer> {
    const late = transfer.decideDueAt && now > transfer.decideDueAt && !transfer.decideOverdueAt;
    return late ? { decideOverdueAt: now } : {};
  }
}
