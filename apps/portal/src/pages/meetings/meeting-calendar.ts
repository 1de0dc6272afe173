/**
 * The pure parts of the meetings' month view: which month the address asks for, the weeks of a month (Monday
 * first, as calendars are printed in China), and each day's meetings by their start on Shanghai's wall clock.
 */

/** A month, as the address keeps it: `2026-12`. */
export interface Month {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
}

/** One cell of the grid. */
export interface CalendarDay {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** Day of the month, 1–31. */
  readonly day: number;
  /** 0 = Monday … 6 = Sunday. */
  readonly weekday: number;
  /** Whether the day belongs to the month shown (the first and last week run into the neighbours). */
  readonly inMonth: boolean;
  /** Saturday or Sunday. */
  readonly weekend: boolean;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The address's `month` parameter (`YYYY-MM`, years 2000–2100), or undefined when it is missing or malformed. */
export function parseMonth(value: string | null | undefined): Month | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(value ?? '');
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return year >= 2000 && year <= 2100 && month >= 1 && month <= 12 ? { year, month } : undefined;
}

export const formatMonth = (m: Month) => `${m.year}-${pad(m.month)}`;

/** The calendar date of an instant in Asia/Shanghai (UTC+8 all year): `YYYY-MM-DD`. */
export function shanghaiDate(at: Date | string | number): string {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The month an instant falls in, in Shanghai. */
export function monthOf(at: Date | string | number): Month {
  const date = shanghaiDate(at);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

/** The month `delta` months after `m` (negative: before). */
export function addMonths(m: Month, delta: number): Month {
  const index = m.year * 12 + (m.month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

const epochDay = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / DAY_MS;
const dateOfEpochDay = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
/** 0 = Monday … 6 = Sunday (1970-01-01, epoch day 0, was a Thursday). */
const weekdayOf = (d: number) => (((d + 3) % 7) + 7) % 7;

/**
 * The weeks that show a month: Monday to Sunday, from the week of the 1st to the week of the last day — four to
 * six rows of seven days, the neighbours' days marked `inMonth: false`.
 */
export function monthWeeks(m: Month): CalendarDay[][] {
  const first = epochDay(m.year, m.month, 1);
  const last = epochDay(m.year, m.month + 1, 1) - 1;
  const start = first - weekdayOf(first);
  const end = last + (6 - weekdayOf(last));
  const weeks: CalendarDay[][] = [];
  for (let d = start; d <= end; d += 7) {
    weeks.push(
      Array.from({ length: 7 }, (_, i) => {
        const date = dateOfEpochDay(d + i);
        return {
          date,
          day: Number(date.slice(8, 10)),
          weekday: i,
          inMonth: d + i >= first && d + i <= last,
          weekend: i >= 5,
        };
      }),
    );
  }
  return weeks;
}

/** The dates a month's grid spans, as the meetings filter takes them (`fromDate`/`toDate`, inclusive). */
export function gridRange(m: Month): { fromDate: string; toDate: string } {
  const weeks = monthWeeks(m);
  return { fromDate: weeks[0]![0]!.date, toDate: weeks[weeks.length - 1]![6]!.date };
}

/** Meetings by the Shanghai date they start on, each day's soonest first; meetings without a time are left out. */
export function meetingsByDay<T extends { startsAt?: string | null }>(
  meetings: readonly T[],
): Map<string, T[]> {
  const byDay = new Map<string, T[]>();
  for (const meeting of meetings) {
    if (!meeting.startsAt) continue;
    const day = shanghaiDate(meeting.startsAt);
    byDay.set(day, [...(byDay.get(day) ?? []), meeting]);
  }
  for (const list of byDay.values()) list.sort((a, b) => Date.parse(a.startsAt!) - Date.parse(b.startsAt!));
  return byDay;
}

/** The list or the month view, and which month: what the address of /meetings keeps. */
export type MeetingsView = { view: 'list' } | { view: 'month'; month: Month };

/** Reads `?view=month&month=2026-12`; a month view without a (valid) month shows the current one. */
export function readView(params: URLSearchParams, now: Date | number): MeetingsView {
  if (params.get('view') !== 'month') return { view: 'list' };
  return { view: 'month', month: parseMonth(params.get('month')) ?? monthOf(now) };
}

/** The address parameters of a view (the list needs none). */
export function viewParams(view: MeetingsView): Record<string, string> {
  return view.view === 'month' ? { view: 'month', month: formatMonth(view.month) } : {};
}
