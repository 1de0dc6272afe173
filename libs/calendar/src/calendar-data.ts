import { readFileSync } from 'node:fs';
import { tryEpochDay } from './iso-date.js';
import { TIBET_REGIONAL_HOLIDAYS } from './tibet-regional-holidays.js';

/** One dated entry of a regional calendar: a day off or a make-up working day. */
export interface CalendarDay {
  /** The calendar date, `YYYY-MM-DD`. */
  date: string;
  /** What the day is, e.g. `藏历新年`. */
  name: string;
}

/**
 * Regional adjustments on top of the national calendar: extra days off (holidays) and regional make-up working
 * days (调休上班). A regional entry always wins over the national calendar for its date.
 */
export interface RegionalCalendarData {
  /** The region the data applies to, e.g. `西藏自治区 (540000)`. */
  region: string;
  /** Where the dates come from and how sure they are (shown to operators). */
  source: string;
  /** Regional days off. */
  holidays: CalendarDay[];
  /** Regional make-up working days (weekend days that are worked). */
  workdays: CalendarDay[];
}

/** Where the shipped data comes from, used in error messages. */
const SHIPPED_ORIGIN = 'the shipped Tibet regional holiday data (tibet-regional-holidays.ts)';

function describe(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkText(record: Record<string, unknown>, field: string, problems: string[]): string {
  const value = record[field];
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`"${field}" must be a non-empty string (got ${describe(value)})`);
    return '';
  }
  return value.trim();
}

function checkDays(
  record: Record<string, unknown>,
  field: 'holidays' | 'workdays',
  problems: string[],
): CalendarDay[] {
  const list = record[field];
  if (!Array.isArray(list)) {
    problems.push(`"${field}" must be an array of { date, name } (got ${describe(list)})`);
    return [];
  }
  const days: CalendarDay[] = [];
  const seen = new Set<string>();
  list.forEach((entry: unknown, index) => {
    const where = `${field}[${index}]`;
    if (!isRecord(entry)) {
      problems.push(`${where} must be an object { date, name } (got ${describe(entry)})`);
      return;
    }
    const { date, name } = entry;
    let ok = true;
    if (typeof date !== 'string' || tryEpochDay(date) === undefined) {
      problems.push(`${where}.date ${describe(date)} is not an existing date written YYYY-MM-DD`);
      ok = false;
    } else if (seen.has(date)) {
      problems.push(`${where}.date ${date} is listed more than once in "${field}"`);
      ok = false;
    }
    if (typeof name !== 'string' || name.trim() === '') {
      problems.push(`${where}.name must be a non-empty string (got ${describe(name)})`);
      ok = false;
    }
    if (typeof date === 'string') seen.add(date);
    if (ok) days.push({ date: date as string, name: (name as string).trim() });
  });
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Validates regional calendar data (e.g. a parsed JSON file) and returns a clean copy with entries sorted by
 * date and names trimmed.
 *
 * @param json the untrusted value
 * @param origin where it came from (a file path …), named in the error message
 * @throws Error listing every problem found: missing or empty `region`/`source`, a malformed or non-existent
 *   date (2026-02-30), an empty name, a date listed twice, a date that is both a holiday and a workday.
 */
export function parseCalendarData(json: unknown, origin: string): RegionalCalendarData {
  const problems: string[] = [];
  if (!isRecord(json)) {
    problems.push(`expected an object { region, source, holidays, workdays } (got ${describe(json)})`);
  } else {
    const region = checkText(json, 'region', problems);
    const source = checkText(json, 'source', problems);
    const holidays = checkDays(json, 'holidays', problems);
    const workdays = checkDays(json, 'workdays', problems);
    const holidayDates = new Set(holidays.map((day) => day.date));
    for (const day of workdays) {
      if (holidayDates.has(day.date)) {
        problems.push(`${day.date} is listed both as a holiday and as a workday`);
      }
    }
    if (problems.length === 0) return { region, source, holidays, workdays };
  }
  throw new Error(
    `Invalid regional calendar data in ${origin}: ${problems.length} problem(s):\n` +
      problems.map((problem) => `  - ${problem}`).join('\n'),
  );
}

/** Reads and parses a JSON file, naming it when it cannot be read or is not JSON. */
function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err: unknown) {
    throw new Error(`Cannot read ${what} file ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (err: unknown) {
    throw new Error(
      `${what[0]!.toUpperCase()}${what.slice(1)} file ${file} is not valid JSON: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * Loads regional calendar data. Call once at boot (it reads synchronously).
 *
 * @param file path of a JSON file shaped like {@link RegionalCalendarData} (the operator's override, from the
 *   app config, e.g. `REGIONAL_HOLIDAYS_FILE`); relative paths resolve against the working directory. Without
 *   it, the data shipped with this library (Tibet, see `tibet-regional-holidays.ts`) is returned.
 * @throws Error naming the file when it cannot be read, is not JSON, or fails {@link parseCalendarData}.
 */
export function loadCalendarData(file?: string): RegionalCalendarData {
  if (file === undefined) return parseCalendarData(TIBET_REGIONAL_HOLIDAYS, SHIPPED_ORIGIN);
  return parseCalendarData(readJsonFile(file, 'regional calendar data'), file);
}

/**
 * National holiday arrangements (放假调休) the installed `chinese-days` does not have yet — typically the State
 * Council notice for next year, published in November, before a package update. Its entries win over
 * `chinese-days` for their dates, and every year with at least one holiday in it counts as published.
 */
export interface NationalCalendarData {
  /** Where the dates come from, e.g. `国办发明电〔2026〕N号`. */
  source: string;
  /** National days off. */
  holidays: CalendarDay[];
  /** National make-up working days (调休上班). */
  workdays: CalendarDay[];
}

/**
 * Validates national calendar data (e.g. the parsed `NATIONAL_HOLIDAYS_FILE`) like {@link parseCalendarData}:
 * `source`, `holidays` and `workdays` (each `{ date, name }`), no date twice, none both off and worked.
 * @throws Error listing every problem found, naming `origin`.
 */
export function parseNationalCalendarData(json: unknown, origin: string): NationalCalendarData {
  const problems: string[] = [];
  if (!isRecord(json)) {
    problems.push(`expected an object { source, holidays, workdays } (got ${describe(json)})`);
  } else {
    const source = checkText(json, 'source', problems);
    const holidays = checkDays(json, 'holidays', problems);
    const workdays = checkDays(json, 'workdays', problems);
    const holidayDates = new Set(holidays.map((day) => day.date));
    for (const day of workdays) {
      if (holidayDates.has(day.date)) {
        problems.push(`${day.date} is listed both as a holiday and as a workday`);
      }
    }
    if (holidays.length === 0 && problems.length === 0) problems.push('"holidays" lists no day at all');
    if (problems.length === 0) return { source, holidays, workdays };
  }
  throw new Error(
    `Invalid national calendar data in ${origin}: ${problems.length} problem(s):\n` +
      problems.map((problem) => `  - ${problem}`).join('\n'),
  );
}

/**
 * Loads the operator's national calendar file (`NATIONAL_HOLIDAYS_FILE`), shaped like
 * {@link NationalCalendarData}. Call once at boot (it reads synchronously).
 * @throws Error naming the file when it cannot be read, is not JSON, or fails {@link parseNationalCalendarData}.
 */
export function loadNationalCalendarData(file: string): NationalCalendarData {
  return parseNationalCalendarData(readJsonFile(file, 'national calendar data'), file);
}
