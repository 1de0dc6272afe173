import {
  parseCalendarData,
  parseNationalCalendarData,
  type NationalCalendarData,
  type RegionalCalendarData,
} from './calendar-data.js';
import { fromEpochDay, MS_PER_CALENDAR_DAY, toEpochDay, weekdayOfEpochDay } from './iso-date.js';
import { extendNationalCalendar, type NationalCalendar } from './national-calendar.js';
import { STATUTORY_RULE_SINCE, statutoryHolidays } from './statutory-holidays.js';

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

function yearOfEpochDay(epochDay: number): number {
  return new Date(epochDay * MS_PER_CALENDAR_DAY).getUTCFullYear();
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

/** A deadline computed by {@link WorkingDayCalendar.deadlineOf}. */
export interface ComputedDeadline {
  /** 24:00 Asia/Shanghai of the last working day (the next day at 00:00 +08:00). */
  at: Date;
  /** The last working day itself, `YYYY-MM-DD` — the day the law means. */
  localDate: string;
  /**
   * Whether the count crossed a year whose holidays are not published yet (see
   * {@link WorkingDayCalendar.yearStatus}): the deadline may still move when the schedule arrives.
   */
  provisional: boolean;
  /** The provisional years the count crossed, ascending (empty when not provisional). */
  provisionalYears: number[];
}

/** Whether a year's holidays are known, national and regional. */
export interface YearStatus {
  year: number;
  /** `published`: the national arrangement is in chinese-days or NATIONAL_HOLIDAYS_FILE; `estimated`: not. */
  national: 'published' | 'estimated';
  /** Whether the regional data lists any day off in that year. */
  regional: boolean;
  /** Either is missing: deadlines counted over this year are provisional. */
  provisional: boolean;
}

/** What the calendar assumes for a provisional year, said once per process and year (see `onProvisional`). */
export interface ProvisionalYearNotice extends YearStatus {
  message: string;
  /** What the operator can supply to settle it. */
  settings: string[];
}

export interface WorkingDayCalendarOptions {
  /** An operator's national arrangements on top of chinese-days (`NATIONAL_HOLIDAYS_FILE`). */
  national?: NationalCalendarData;
  /**
   * Called the first time (per calendar, so per process) a provisional year is met — by a deadline counted over
   * it or by {@link WorkingDayCalendar.noticeProvisional} — and never again for that year.
   */
  onProvisional?: (notice: ProvisionalYearNotice) => void;
}

/**
 * Working days for deadlines: China's national calendar (holidays and 调休 make-up working days, from the
 * `chinese-days` data) with regional adjustments on top, in Asia/Shanghai time. Instances are immutable and
 * cheap to query: every listed date is indexed once at construction; other dates are plain weekday checks.
 */
export class WorkingDayCalendar {
  /** The validated regional data in use (report `source` to operators at boot). */
  readonly regional: RegionalCalendarData;
  /** The national calendar in use (chinese-days, plus the operator's file if any). */
  readonly national: NationalCalendar;
  /** Epoch day → working day or not, for every date the national or regional data lists. */
  private readonly listed: ReadonlyMap<number, boolean>;
  /** Years the regional data lists a day off in. */
  private readonly regionalYears: ReadonlySet<number>;
  /** Estimated statutory days off of unpublished years, computed when first needed. */
  private readonly estimated = new Map<number, ReadonlySet<number>>();
  private readonly noticed = new Set<number>();
  private readonly onProvisional: ((notice: ProvisionalYearNotice) => void) | undefined;

  /**
   * @param regional regional holidays and make-up working days (see `loadCalendarData`); validated again here.
   * @param options the operator's national file and who hears about provisional years.
   * @throws Error when `regional` or `options.national` is invalid (see `parseCalendarData`).
   */
  constructor(regional: RegionalCalendarData, options: WorkingDayCalendarOptions = {}) {
    this.regional = parseCalendarData(regional, 'the WorkingDayCalendar regional data');
    const extra = options.national
      ? parseNationalCalendarData(options.national, 'the WorkingDayCalendar national data')
      : undefined;
    this.national = extendNationalCalendar(extra);
    const listed = new Map(this.national.overrides);
    for (const day of this.regional.holidays) listed.set(toEpochDay(day.date), false);
    for (const day of this.regional.workdays) listed.set(toEpochDay(day.date), true);
    this.listed = listed;
    this.regionalYears = new Set(this.regional.holidays.map((day) => Number(day.date.slice(0, 4))));
    this.onProvisional = options.onProvisional;
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
    return this.deadlineOf(from, n).at;
  }

  /**
   * {@link deadline} with its local date and whether it is provisional: it is when a day counted (after
   * `from`'s day, up to the last one) falls in a year whose national arrangement is not published or for which
   * the regional data lists nothing (e.g. 藏历新年 not yet known). Such a year counts weekends, the statutory
   * holidays by the rule in force (`statutoryHolidays`) and the regional data, without make-up days.
   * @throws RangeError on an invalid Date or when n is not an integer from 0 to {@link MAX_WORKING_DAYS}.
   */
  deadlineOf(from: Date, n: number): ComputedDeadline {
    const start = shanghaiEpochDay(from, '"from" instant');
    checkCount(n, 0);
    const last = n === 0 ? start : this.nthWorkingDayAfter(start, n);
    const provisionalYears: number[] = [];
    if (n > 0) {
      const firstYear = yearOfEpochDay(start + 1);
      for (let year = firstYear; year <= yearOfEpochDay(last); year++) {
        if (this.yearStatus(year).provisional) provisionalYears.push(year);
      }
      for (const year of provisionalYears) this.noticeProvisional(year);
    }
    return {
      at: new Date((last + 1) * MS_PER_CALENDAR_DAY - SHANGHAI_OFFSET_MS),
      localDate: fromEpochDay(last),
      provisional: provisionalYears.length > 0,
      provisionalYears,
    };
  }

  /**
   * Whether `year`'s national arrangement is published (chinese-days or the operator's national file) and the
   * regional data lists days off in it; otherwise deadlines over it are provisional.
   * @throws RangeError when year is not an integer.
   */
  yearStatus(year: number): YearStatus {
    const national = this.coversYear(year) ? 'published' : 'estimated';
    const regional = this.regionalYears.has(year);
    return { year, national, regional, provisional: national === 'estimated' || !regional };
  }

  /**
   * Tells `onProvisional` about a provisional year, once per calendar and year (a service calls it at boot for
   * next year, and every deadline over that year calls it too); does nothing for a settled year.
   * @returns whether it told now.
   */
  noticeProvisional(year: number): boolean {
    const status = this.yearStatus(year);
    if (!status.provisional || this.noticed.has(year)) return false;
    this.noticed.add(year);
    const missing: string[] = [];
    const settings: string[] = [];
    if (status.national === 'estimated') {
      missing.push(`${this.national.source} has no national holiday arrangement for ${year}`);
      settings.push('NATIONAL_HOLIDAYS_FILE');
    }
    if (!status.regional) {
      missing.push(`the regional data (${this.regional.region}) lists no day off in ${year}`);
      settings.push('REGIONAL_HOLIDAYS_FILE');
    }
    const assumed =
      status.national === 'estimated' && year >= STATUTORY_RULE_SINCE
        ? 'weekends and the statutory holidays by the rule in force (元旦 1-01; 春节 除夕 to 初三; 清明; 劳动节 ' +
          '5-01/02; 端午; 中秋; 国庆节 10-01 to 03, lunar dates computed), no make-up working days'
        : 'the published national arrangement';
    this.onProvisional?.({
      ...status,
      settings,
      message:
        `Deadlines counted over ${year} are provisional: ${missing.join('; ')}. Meanwhile ${year} counts ` +
        `${assumed}${status.regional ? ' and the regional data' : ', no regional days off'}. Supply ` +
        `${settings.join(' and ')} with ${year}'s schedule and restart: provisional deadlines are then ` +
        'recomputed and each one that moves is announced.',
    });
    return true;
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
    return this.national.years.has(year);
  }

  private isWorkingEpochDay(epochDay: number): boolean {
    const listed = this.listed.get(epochDay);
    if (listed !== undefined) return listed;
    const year = yearOfEpochDay(epochDay);
    if (!this.national.years.has(year) && this.estimatedDaysOff(year).has(epochDay)) return false;
    const weekday = weekdayOfEpochDay(epochDay);
    return weekday !== 0 && weekday !== 6;
  }

  /** Statutory days off of an unpublished year (none before the 2025 rule or beyond 2099). */
  private estimatedDaysOff(year: number): ReadonlySet<number> {
    let days = this.estimated.get(year);
    if (!days) {
      days =
        year >= STATUTORY_RULE_SINCE && year <= 2099
          ? new Set(statutoryHolidays(year).map((day) => toEpochDay(day.date)))
          : new Set<number>();
      this.estimated.set(year, days);
    }
    return days;
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
