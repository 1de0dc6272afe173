import { Inject, Injectable } from '@nestjs/common';
import { WorkingDayCalendar } from '@yiti/calendar';
import type { Transfer } from './transfer.entity.js';

export const CONSULTATION_DAYS = 'CONSULTATION_DAYS';

/**
 * Transfer deadlines in working days (Asia/Shanghai, national holidays and make-up days, Tibet's regional
 * holidays): each ends at 24:00 of its last working day.
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

  /** The receipt's changes: the receiver opened it and the decide clock starts; a late receipt is overdue. */
  receipt(transfer: Transfer, now: Date): Partial<Transfer> {
    const late =
      transfer.acknowledgeDueAt && now > transfer.acknowledgeDueAt && !transfer.acknowledgeOverdueAt;
    return {
      receivedAt: now,
      decideDueAt: this.decide(now, transfer.decideDays ?? 1),
      ...(late ? { acknowledgeOverdueAt: now } : {}),
    };
  }

  /** A decision after the decide deadline marks it overdue (if the scheduler has not yet). */
  lateDecision(transfer: Transfer, now: Date): Partial<Transfer> {
    const late = transfer.decideDueAt && now > transfer.decideDueAt && !transfer.decideOverdueAt;
    return late ? { decideOverdueAt: now } : {};
  }
}
