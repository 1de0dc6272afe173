import { loadCalendarData, loadNationalCalendarData } from './calendar-data.js';
import { WorkingDayCalendar } from './working-day-calendar.js';

export interface ServiceCalendarOptions {
  /** `REGIONAL_HOLIDAYS_FILE`: empty for the shipped Tibet data. */
  regionalHolidaysFile?: string;
  /** `NATIONAL_HOLIDAYS_FILE`: empty for chinese-days alone. */
  nationalHolidaysFile?: string;
  /** The service's current time: the years checked at boot are this one and the next. */
  now: Date;
  /** Where the once-per-year provisional warning goes (the service's logger). */
  warn: (message: string, fields: Record<string, unknown>) => void;
}

/**
 * The working-day calendar a service runs with, from its configuration: the regional and national data, and the
 * provisional-year warning said once per process and year — at boot for this year and the next, or at the first
 * deadline counted over a later one.
 */
export function createServiceCalendar(options: ServiceCalendarOptions): WorkingDayCalendar {
  const calendar: WorkingDayCalendar = new WorkingDayCalendar(
    loadCalendarData(options.regionalHolidaysFile || undefined),
    {
      ...(options.nationalHolidaysFile
        ? { national: loadNationalCalendarData(options.nationalHolidaysFile) }
        : {}),
      onProvisional: ({ message, year, national, regional, settings }) =>
        options.warn(message, {
          year,
          national,
          regional,
          settings,
          nationalSource: calendar.national.source,
          regionalSource: calendar.regional.source,
        }),
    },
  );
  const year = options.now.getUTCFullYear();
  for (const y of [year, year + 1]) calendar.noticeProvisional(y);
  return calendar;
}
