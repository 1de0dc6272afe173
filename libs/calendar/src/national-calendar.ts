import { createRequire } from 'node:module';
import type { NationalCalendarData } from './calendar-data.js';
import { toEpochDay, tryEpochDay } from './iso-date.js';

/**
 * China's national holiday and make-up working day calendar (放假调休), from the `chinese-days` package.
 *
 * We read the package's published data table (`dist/chinese-days.json`, built by the package from the State
 * Council notices) instead of calling its `isWorkday()`: that function builds its tables with local-time date
 * arithmetic and gives wrong answers when the process runs in a time zone west of UTC (e.g. TZ=America/…
 * reports 2026-10-10, a make-up working day, as a day off). The table has no such dependency.
 */
export interface NationalCalendar {
  /** Epoch day → working (true) or day off (false), for the dates the national notices list. */
  readonly overrides: ReadonlyMap<number, boolean>;
  /** Years whose arrangement the data includes. */
  readonly years: ReadonlySet<number>;
  /** Where the data comes from (the package and version, plus an operator's file). */
  readonly source: string;
}

const DATA_MODULE = 'chinese-days/dist/chinese-days.json';

function entries(table: unknown, field: string): number[] {
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw new Error(
      `${DATA_MODULE}: "${field}" is not an object — has the chinese-days data format changed?`,
    );
  }
  return Object.keys(table).map((date) => {
    const epochDay = tryEpochDay(date);
    if (epochDay === undefined) {
      throw new Error(`${DATA_MODULE}: "${field}" has a malformed date ${JSON.stringify(date)}`);
    }
    return epochDay;
  });
}

/** Reads and indexes the chinese-days data table (done once, when this module is first loaded). */
function loadNationalCalendar(): NationalCalendar {
  const data: unknown = createRequire(import.meta.url)(DATA_MODULE);
  if (typeof data !== 'object' || data === null) {
    throw new Error(`${DATA_MODULE} did not load as an object`);
  }
  const { holidays, workdays } = data as { holidays?: unknown; workdays?: unknown };
  const overrides = new Map<number, boolean>();
  const years = new Set<number>();
  for (const epochDay of entries(holidays, 'holidays')) {
    overrides.set(epochDay, false);
    years.add(new Date(epochDay * 86_400_000).getUTCFullYear());
  }
  for (const epochDay of entries(workdays, 'workdays')) overrides.set(epochDay, true);
  if (years.size === 0) throw new Error(`${DATA_MODULE} lists no holidays at all`);
  const { version } = createRequire(import.meta.url)('chinese-days/package.json') as { version: string };
  return { overrides, years, source: `chinese-days ${version}` };
}

/** The national calendar of the installed `chinese-days`, loaded once per process. */
export const NATIONAL_CALENDAR: NationalCalendar = loadNationalCalendar();

/**
 * The installed national calendar with an operator's additional arrangements on top (`NATIONAL_HOLIDAYS_FILE`,
 * validated by `parseNationalCalendarData`): its dates win, and each year it lists a holiday in is published.
 */
export function extendNationalCalendar(extra: NationalCalendarData | undefined): NationalCalendar {
  if (!extra) return NATIONAL_CALENDAR;
  const overrides = new Map(NATIONAL_CALENDAR.overrides);
  const years = new Set(NATIONAL_CALENDAR.years);
  for (const day of extra.holidays) {
    overrides.set(toEpochDay(day.date), false);
    years.add(Number(day.date.slice(0, 4)));
  }
  for (const day of extra.workdays) overrides.set(toEpochDay(day.date), true);
  return { overrides, years, source: `${NATIONAL_CALENDAR.source} + ${extra.source}` };
}
