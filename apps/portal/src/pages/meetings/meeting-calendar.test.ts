import { describe, expect, it } from 'vitest';
import {
  addMonths,
  gridRange,
  meetingsByDay,
  monthOf,
  monthWeeks,
  parseMonth,
  readView,
  viewParams,
} from './meeting-calendar';

describe('meetings month view', () => {
  it('starts every week on Monday and covers the month from the week of the 1st to the week of the last day', () => {
    // December 2026: the 1st is a Tuesday, the 31st a Thursday.
    const weeks = monthWeeks({ year: 2026, month: 12 });
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[0]![0]).toMatchObject({ date: '2026-11-30', weekday: 0, inMonth: false, weekend: false });
    expect(weeks[0]![1]).toMatchObject({ date: '2026-12-01', day: 1, inMonth: true });
    expect(weeks[0]![5]).toMatchObject({ date: '2026-12-05', weekend: true });
    expect(weeks[0]![6]).toMatchObject({ date: '2026-12-06', weekday: 6, weekend: true });
    expect(weeks[4]![3]).toMatchObject({ date: '2026-12-31', inMonth: true });
    expect(weeks[4]![6]).toMatchObject({ date: '2027-01-03', inMonth: false });
    expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(31);
  });

  it('gives a month that starts on Monday no leading days, and one of six weeks its six rows', () => {
    // June 2026 starts on a Monday; February 2027 starts on a Monday and has exactly four weeks.
    expect(monthWeeks({ year: 2026, month: 6 })[0]![0]!.date).toBe('2026-06-01');
    expect(monthWeeks({ year: 2027, month: 2 })).toHaveLength(4);
    // August 2026: the 1st is a Saturday, the 31st a Monday — six rows.
    expect(monthWeeks({ year: 2026, month: 8 })).toHaveLength(6);
    // A leap February.
    expect(
      monthWeeks({ year: 2028, month: 2 })
        .flat()
        .filter((d) => d.inMonth),
    ).toHaveLength(29);
  });

  it('asks the service for the dates the grid spans', () => {
    expect(gridRange({ year: 2026, month: 12 })).toEqual({ fromDate: '2026-11-30', toDate: '2027-01-03' });
  });

  it('steps months across the year', () => {
    expect(addMonths({ year: 2026, month: 12 }, 1)).toEqual({ year: 2027, month: 1 });
    expect(addMonths({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 });
    expect(addMonths({ year: 2026, month: 5 }, -17)).toEqual({ year: 2024, month: 12 });
  });

  it('puts each meeting on the Shanghai day it starts, soonest first, and leaves drafts without a time out', () => {
    const byDay = meetingsByDay([
      { id: 'late', startsAt: '2026-12-05T07:00:00.000+08:00' },
      // 17:30 UTC on the 4th is 01:30 on the 5th in Shanghai.
      { id: 'night', startsAt: '2026-12-04T17:30:00Z' },
      { id: 'draft', startsAt: null },
      { id: 'other', startsAt: '2026-12-04T09:00:00+08:00' },
    ]);
    expect(byDay.get('2026-12-05')?.map((m) => m.id)).toEqual(['night', 'late']);
    expect(byDay.get('2026-12-04')?.map((m) => m.id)).toEqual(['other']);
    expect([...byDay.values()].flat().some((m) => m.id === 'draft')).toBe(false);
  });

  it('takes the month of "today" in Shanghai, not in UTC', () => {
    expect(monthOf('2026-11-30T16:30:00Z')).toEqual({ year: 2026, month: 12 });
  });

  it('keeps the view and month in the address, falling back to the list and to this month', () => {
    const now = new Date('2026-12-04T17:30:00Z');
    expect(readView(new URLSearchParams(''), now)).toEqual({ view: 'list' });
    expect(readView(new URLSearchParams('view=month&month=2027-02'), now)).toEqual({
      view: 'month',
      month: { year: 2027, month: 2 },
    });
    for (const bad of ['2027-13', '2027-2', 'x', '1999-12'])
      expect(readView(new URLSearchParams(`view=month&month=${bad}`), now)).toEqual({
        view: 'month',
        month: { year: 2026, month: 12 },
      });
    expect(parseMonth('2026-00')).toBeUndefined();
    const view = readView(new URLSearchParams('view=month&month=2027-02'), now);
    expect(new URLSearchParams(viewParams(view)).toString()).toBe('view=month&month=2027-02');
    expect(viewParams({ view: 'list' })).toEqual({});
  });
});
