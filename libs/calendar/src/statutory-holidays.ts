import chineseDays from 'chinese-days';
import type { CalendarDay } from './calendar-data.js';
import { fromEpochDay, toEpochDay } from './iso-date.js';

/*
 * The national statutory holidays of a year whose arrangement the State Council has not published yet, by the
 * rule in force: 《全国年节及纪念日放假办法》 as amended by 国务院令第795号 (2024-11-10, in force 2025-01-01),
 * article 2 — 13 days a year for all citizens:
 *
 *   元旦 1 day (1 January) · 春节 4 days (农历除夕、正月初一至初三) · 清明节 1 day (农历清明当日) ·
 *   劳动节 2 days (5月1日、2日) · 端午节 1 day (农历端午当日) · 中秋节 1 day (农历中秋当日) ·
 *   国庆节 3 days (10月1日至3日)
 *
 * What cannot be predicted is the yearly notice's arrangement around them — the bridging days off and the
 * make-up working days (调休) — so a deadline counted over such a year is provisional.
 *
 * Lunar dates come from the lunar table of `chinese-days` (1900–2100), through `getLunarDate` with a
 * `YYYY-MM-DD` text, which that package reads as UTC midnight and converts without local-time arithmetic (its
 * `getSolarDateFromLunar` and `getSolarTermDate` do use local time, so they are not called here). ICU's Chinese
 * calendar (`Intl`, `ca-chinese`) is not used either: it puts 2027's 正月初一 on 02-07 instead of 02-06 (the new
 * moon is at 23:56 Beijing time on 02-06).
 */

/** The first year the 2024 amendment's rule applies to. */
export const STATUTORY_RULE_SINCE = 2025;

/** The last year the lunar table covers. */
const LUNAR_TABLE_LAST_YEAR = 2099;

/** The Gregorian date of the first day in [from, to] (inclusive) with that lunar month and day (not leap). */
function lunarDay(year: number, from: string, to: string, month: number, day: number): number {
  const last = toEpochDay(`${year}-${to}`);
  for (let epochDay = toEpochDay(`${year}-${from}`); epochDay <= last; epochDay++) {
    const lunar = chineseDays.getLunarDate(fromEpochDay(epochDay));
    if (lunar.lunarMon === month && lunar.lunarDay === day && !lunar.isLeap) return epochDay;
  }
  throw new Error(`No lunar ${month}/${day} between ${year}-${from} and ${year}-${to}`);
}

/**
 * 清明 (the solar term Pure Brightness) in April of a 21st-century year: the usual formula
 * ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋ with Y the last two digits (no exception this century).
 */
export function qingmingDate(year: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 2099) {
    throw new RangeError(`Qingming is computed for 2000–2099 only (got ${String(year)})`);
  }
  const y = year % 100;
  const day = Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4);
  return `${year}-04-${String(day).padStart(2, '0')}`;
}

/** 正月初一 (Spring Festival) of a Gregorian year, `YYYY-MM-DD`. */
export function springFestivalDate(year: number): string {
  return fromEpochDay(lunarDay(checkYear(year), '01-15', '02-25', 1, 1));
}

/** 端午 (5th day of the 5th lunar month) of a Gregorian year. */
export function dragonBoatDate(year: number): string {
  return fromEpochDay(lunarDay(checkYear(year), '05-20', '06-30', 5, 5));
}

/** 中秋 (15th day of the 8th lunar month) of a Gregorian year. */
export function midAutumnDate(year: number): string {
  return fromEpochDay(lunarDay(checkYear(year), '09-05', '10-10', 8, 15));
}

function checkYear(year: number): number {
  if (!Number.isInteger(year) || year < 2000 || year > LUNAR_TABLE_LAST_YEAR) {
    throw new RangeError(
      `Lunar dates are computed for 2000–${LUNAR_TABLE_LAST_YEAR} only (got ${String(year)})`,
    );
  }
  return year;
}

/**
 * The 13 statutory days off of `year` by the rule in force since 2025 (see the comment above), sorted by date.
 * Two festivals on one day (中秋 on 1 October) are one entry with both names.
 * @throws RangeError for a year before 2025 or beyond 2099.
 */
export function statutoryHolidays(year: number): CalendarDay[] {
  if (!Number.isInteger(year) || year < STATUTORY_RULE_SINCE || year > LUNAR_TABLE_LAST_YEAR) {
    throw new RangeError(
      `Statutory holidays are estimated for ${STATUTORY_RULE_SINCE}–${LUNAR_TABLE_LAST_YEAR} only (got ${String(year)})`,
    );
  }
  const days = new Map<number, string>();
  const add = (epochDay: number, name: string): void => {
    const other = days.get(epochDay);
    days.set(epochDay, other ? `${other}、${name}` : name);
  };
  add(toEpochDay(`${year}-01-01`), '元旦');
  const spring = toEpochDay(springFestivalDate(year));
  add(spring - 1, '春节（除夕）');
  for (let i = 0; i < 3; i++) add(spring + i, `春节（正月初${'一二三'[i]}）`);
  add(toEpochDay(qingmingDate(year)), '清明节');
  add(toEpochDay(`${year}-05-01`), '劳动节');
  add(toEpochDay(`${year}-05-02`), '劳动节');
  add(toEpochDay(dragonBoatDate(year)), '端午节');
  add(toEpochDay(midAutumnDate(year)), '中秋节');
  for (let d = 1; d <= 3; d++) add(toEpochDay(`${year}-10-0${d}`), '国庆节');
  return [...days.entries()]
    .sort(([a], [b]) => a - b)
    .map(([epochDay, name]) => ({ date: fromEpochDay(epochDay), name }));
}
