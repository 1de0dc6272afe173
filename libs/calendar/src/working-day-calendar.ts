import { parseCalendarData, type RegionalCalendarData } from './calendar-data.js';
import { fromEpochDay, MS_PER_CALENDAR_DAY, toEpochDay, weekdayOfEpochDay } from './iso-date.js';
import { NATIONAL_CALENDAR } from './national-calendar.js';

/** The time zone in which deadlines are counted. */
export const CALENDAR_TIME_ZONE = 'Asia/Shanghai';

/**
 * Largest number of working days accepted by {@link WorkingDayCalendar.addWorkingDays} and
 * {@link WorkingDayCalendar.deadline} (about 40 years), so that a bad setting cannot loop for minutes.
 */
export const MAX_WORKING_DAYS = 10_000;

/**
 * Asia/Shanghai is UTC+8 all year: China has not observed daylight saving time since 1991, so a fixed offset is
 * used (instants before 1992 may be an hour off around the old DST changes; irrelevant for deadlines).
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

function checkInstant(instant: Date, what: string): number {
  const time = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(time)) throw new RangeError(`Invalid ${what}: expected a valid Date`);
  return time;
}

function checkCount(n: number, min: number): void {
  if (!Number.isInteger(n) || n < min || n > MAX_WORKING_DAYS) {
    throw new RangeError(
      `Invalid number of working days ${String(n)}: expected an integer from ${min} to ${MAX_WORKING_DAYS}`,
    );
  }
}

function shanghaiEpochDay(instant: Date, what: string): number {
  return Math.floor((checkInstant(instant, what) + SHANGHAI_OFFSET_MS) / MS_PER_CALENDAR_DAY);
}

/** The calendar date (`YYYY-MM-DD`) on which `instant` falls in Asia/Shanghai (fixed UTC+8). */
export function shanghaiDate(instant: Date): string {
  return fromEpochDay(shanghaiEpochDay(instant, 'instant'));
}

/** The instant at 24:00 of `date` in Asia/Shanghai, i.e. the next day at 00:00 +08:00. */
export function endOfShanghaiDay(date: string): Date {
  return new Date((toEpochDay(date) + 1) * MS_PER_CALENDAR_DAY - SHANGHAI_OFFSET_MS);
}

/**
 * Working days for deadlines: China's national calendar (holidays and 调休 make-up working days, from the
 * `chinese-days` data) with regional adjustments on top, in Asia/Shanghai time. Instances are immutable and
 * cheap to query: every listed date is indexed once at construction; other dates are plain weekday checks.
 */
export class WorkingDayCalendar {
  /** The validated regional data in use (report `source` to operators at boot). */
  readonly regional: RegionalCalendarData;
  /** Epoch day → working day or not, for every date the national or regional data lists. */
  private readonly listed: ReadonlyMap<number, boolean>;

  /**
   * @param regional regional holidays and make-up working days (see `loadCalendarData`); validated again here.
   * @throws Error when `regional` is invalid (see `parseCalendarData`).
   */
  constructor(regional: RegionalCalendarData) {
    this.regional = parseCalendarData(regional, 'the WorkingDayCalendar regional data');
    const listed = new Map(NATIONAL_CALENDAR.overrides);
    for (const day of this.regional.holidays) listed.set(toEpochDay(day.date), false);
    for (const day of this.regional.workdays) listed.set(toEpochDay(day.date), true);
    this.listed = listed;
  }

  /**
   * Whether `date` (`YYYY-MM-DD`) is a working day: a regional workday is; a regional holiday is not; otherwise
   * the national calendar decides (holidays off, make-up days worked), and unlisted days are Monday–Friday.
   * @throws RangeError on a malformed date.
   */
  isWorkingDay(date: string): boolean {
    return this.isWorkingEpochDay(toEpochDay(date));
  }

  /**
   * The nth working day strictly after `date` (n ≥ 1), as `YYYY-MM-DD`.
   * @throws RangeError on a malformed date or when n is not an integer from 1 to {@link MAX_WORKING_DAYS}.
   */
  addWorkingDays(date: string, n: number): string {
    const start = toEpochDay(date);
    checkCount(n, 1);
    return fromEpochDay(this.nthWorkingDayAfter(start, n));
  }

  /**
   * A deadline of n working days counted from an instant: the end (24:00 Asia/Shanghai) of the nth working day
   * after the day `from` falls on. n = 0 gives the end of `from`'s own day (working day or not).
   * @throws RangeError on an invalid Date or when n is not an integer from 0 to {@link MAX_WORKING_DAYS}.
   */
  deadline(from: Date, n: number): Date {
    const start = shanghaiEpochDay(from, '"from" instant');
    checkCount(n, 0);
    const last = n === 0 ? start : this.nthWorkingDayAfter(start, n);
    return new Date((last + 1) * MS_PER_CALENDAR_DAY - SHANGHAI_OFFSET_MS);
  }

  /**
   * Working days strictly after a's day up to and including b's day (days in Asia/Shanghai); 0 when b's day is
   * not after a's day. E.g. how many working days of a deadline have been used up by now.
   * @throws RangeError on an invalid Date.
   */
  workingDaysBetween(a: Date, b: Date): number {
    const first = shanghaiEpochDay(a, 'instant "a"') + 1;
    const last = shanghaiEpochDay(b, 'instant "b"');
    let count = 0;
    for (let day = first; day <= last; day++) {
      if (this.isWorkingEpochDay(day)) count++;
    }
    return count;
  }

  /**
   * Whether the national calendar data (chinese-days) covers `year`, i.e. its holiday arrangement has been
   * published and packaged. Beyond it only weekends and the regional data count, so callers should warn.
   * @throws RangeError when year is not an integer.
   */
  coversYear(year: number): boolean {
    if (!Number.isInteger(year)) throw new RangeError(`Invalid year ${String(year)}: expected an integer`);
    return NATIONAL_CALENDAR.years.has(year);
  }

  private isWorkingEpochDay(epochDay: number): boolean {
    const listed = this.listed.get(epochDay);
    if (listed !== undefined) return listed;
    const weekday = weekdayOfEpochDay(epochDay);
    return weekday !== 0 && weekday !== 6;
  }

  private nthWorkingDayAfter(start: number, n: number): number {
    let day = start;
    for (let found = 0; found < n;) {
      day++;
      if (this.isWorkingEpochDay(day)) found++;
    }
    return day;
  }
}
