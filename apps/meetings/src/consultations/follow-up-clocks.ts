import { Inject, Injectable } from '@nestjs/common';
import { WorkingDayCalendar, type ComputedDeadline } from '@yiti/calendar';
import type { ConsultationTypeCode, FollowUpCode } from './consultation.entity.js';

/**
 * The follow-up clocks the law sets on the police after a prosecutor's supervision opinion, in days — the one
 * table of them:
 *
 * - explain-non-filing: 7 days. 《刑事诉讼法》第一百一十三条 makes the procuratorate ask the police why a case
 *   was not filed (要求说明不立案理由); 《人民检察院刑事诉讼规则》(立案监督) and the 最高人民检察院、公安部
 *   《关于刑事立案监督有关问题的规定（试行）》 give the police 7 days from the request to explain in writing.
 * - file-after-notice: 15 days. When the reasons do not hold, the procuratorate notifies the police to file
 *   (通知立案, same article); under the same rules the police file within 15 days of receiving the notice.
 * - report-measure-handling: 10 days. 《刑事诉讼法》第九十五条: after an arrest the procuratorate keeps reviewing
 *   whether detention is still needed (羁押必要性审查) and proposes release or a change of measure; the organ
 *   concerned tells it within 10 days how the proposal was handled (有关机关应当在十日以内将处理情况通知
 *   人民检察院).
 *
 * Yiti counts them on the working-day calendar, as issue 5 asks: each clock ends at 24:00 Asia/Shanghai of the
 * nth working day after the opinion (holidays and 调休 days from @yiti/calendar). The rules' 日 are calendar
 * days (a period ending on a holiday runs to the next working day), so these clocks are the more lenient
 * reading; changing that is a change to `dueAt` alone.
 */
export const FOLLOW_UP_DAYS: Readonly<Record<Exclude<FollowUpCode, 'none'>, number>> = {
  'explain-non-filing': 7,
  'file-after-notice': 15,
  'report-measure-handling': 10,
};

/** Which clocks an opinion on each type may set (every type may set none). */
export const FOLLOW_UPS_OF_TYPE: Readonly<
  Partial<Record<ConsultationTypeCode, readonly Exclude<FollowUpCode, 'none'>[]>>
> = {
  'filing-supervision': ['explain-non-filing', 'file-after-notice'],
  'compulsory-measure-review': ['report-measure-handling'],
};

/** Whether an opinion on a consultation of `type` may set the clock `followUp`. */
export const followUpFits = (type: ConsultationTypeCode, followUp: FollowUpCode) =>
  followUp === 'none' || (FOLLOW_UPS_OF_TYPE[type] ?? []).includes(followUp);

@Injectable()
export class FollowUpClocks {
  constructor(@Inject(WorkingDayCalendar) private readonly calendar: WorkingDayCalendar) {}

  /** When the police must have responded to an opinion given at `opinionAt`; null when it sets no clock. */
  dueAt(followUp: FollowUpCode, opinionAt: Date): Date | null {
    return this.due(followUp, opinionAt)?.at ?? null;
  }

  /** The clock's end, last working day and whether it is provisional (libs/calendar); undefined without one. */
  due(followUp: FollowUpCode | null, opinionAt: Date): ComputedDeadline | undefined {
    return !followUp || followUp === 'none'
      ? undefined
      : this.calendar.deadlineOf(opinionAt, FOLLOW_UP_DAYS[followUp]);
  }

  /** The clock's columns for an opinion given at `opinionAt`. */
  columns(
    followUp: FollowUpCode,
    opinionAt: Date,
  ): { followUpDueAt: Date | null; followUpDueProvisional: boolean } {
    const due = this.due(followUp, opinionAt);
    return { followUpDueAt: due?.at ?? null, followUpDueProvisional: due?.provisional ?? false };
  }
}
