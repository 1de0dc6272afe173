/**
 * Calendar dates as `YYYY-MM-DD` strings and as "epoch days" (whole days since 1970-01-01), computed in UTC so
 * that the host's time zone never matters.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Epoch-day number of a `YYYY-MM-DD` date, or `undefined` when the text is not an existing calendar date. */
export function tryEpochDay(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const utc = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  utc.setUTCFullYear(year, month - 1, day);
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) {
    return undefined; // e.g. 2026-02-30 rolled over into March
  }
  return utc.getTime() / MS_PER_DAY;
}

/** Whether `date` is an existing calendar date written `YYYY-MM-DD` (the format every API here uses). */
export function isCalendarDate(date: unknown): date is string {
  return typeof date === 'string' && tryEpochDay(date) !== undefined;
}

/** Epoch-day number of a `YYYY-MM-DD` date; throws a RangeError naming `what` when it is malformed. */
export function toEpochDay(date: string, what = 'date'): number {
  const epochDay = typeof date === 'string' ? tryEpochDay(date) : undefined;
  if (epochDay === undefined) {
    throw new RangeError(`Invalid ${what} ${JSON.stringify(date)}: expected an existing date as YYYY-MM-DD`);
  }
  return epochDay;
}

/** The `YYYY-MM-DD` text of an epoch-day number (years 0000–9999). */
export function fromEpochDay(epochDay: number): string {
  const utc = new Date(epochDay * MS_PER_DAY);
  const year = utc.getUTCFullYear();
  if (!Number.isInteger(epochDay) || Number.isNaN(year) || year < 0 || year > 9999) {
    throw new RangeError(`Date out of range (epoch day ${epochDay})`);
  }
  const month = utc.getUTCMonth() + 1;
  const day = utc.getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day of the week of an epoch-day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** Milliseconds in one day. */
export const MS_PER_CALENDAR_DAY = MS_PER_DAY;
