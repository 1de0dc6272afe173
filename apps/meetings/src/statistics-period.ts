import { endOfShanghaiDay, isCalendarDate } from '@yiti/calendar';
import type { InputCheck } from '@yiti/messaging';

/** The statistics' period: two optional Asia/Shanghai dates, inclusive, checked the same way by every figure. */
export function checkPeriod(check: InputCheck, fromDate: string, toDate: string): InputCheck {
  return check
    .that('fromDate', !fromDate || isCalendarDate(fromDate), 'must be a date YYYY-MM-DD')
    .that('toDate', !toDate || isCalendarDate(toDate), 'must be a date YYYY-MM-DD')
    .that('toDate', !fromDate || !toDate || fromDate <= toDate, 'must not be before fromDate');
}

/**
 * A period of Asia/Shanghai dates as instants [from, to) for SQL: computed once here rather than per row.
 * Asia/Shanghai has no daylight saving time (@yiti/calendar), so a day is 24 hours.
 */
export function periodBounds(fromDate: string, toDate: string): [Date | string, Date | string] {
  return [
    fromDate ? new Date(endOfShanghaiDay(fromDate).getTime() - 86_400_000) : '-infinity',
    toDate ? endOfShanghaiDay(toDate) : 'infinity',
  ];
}
