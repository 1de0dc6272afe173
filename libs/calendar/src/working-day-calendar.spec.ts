import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import chineseDays from 'chinese-days';
import { loadCalendarData, type RegionalCalendarData } from './calendar-data.js';
import {
  CALENDAR_TIME_ZONE,
  endOfShanghaiDay,
  MAX_WORKING_DAYS,
  shanghaiDate,
  WorkingDayCalendar,
} from './working-day-calendar.js';

const NO_REGIONAL_DAYS: RegionalCalendarData = { region: 'none', source: 'test', holidays: [], workdays: [] };
const national = new WorkingDayCalendar(NO_REGIONAL_DAYS);
const tibet = new WorkingDayCalendar(loadCalendarData());

/** Shanghai wall-clock time → instant. */
function shanghai(dateTime: string): Date {
  return new Date(`${dateTime}+08:00`);
}

function offDays(calendar: WorkingDayCalendar, dates: string[]): string[] {
  return dates.filter((date) => !calendar.isWorkingDay(date));
}

describe('shanghaiDate / endOfShanghaiDay', () => {
  it('uses Asia/Shanghai (UTC+8) days', () => {
    assert.equal(CALENDAR_TIME_ZONE, 'Asia/Shanghai');
    assert.equal(shanghaiDate(new Date('2026-09-24T15:59:59.999Z')), '2026-09-24');
    assert.equal(shanghaiDate(new Date('2026-09-24T16:00:00Z')), '2026-09-25');
    assert.equal(shanghaiDate(new Date('2026-09-24T17:30:00Z')), '2026-09-25');
    assert.equal(endOfShanghaiDay('2026-09-30').toISOString(), '2026-09-30T16:00:00.000Z');
    assert.equal(endOfShanghaiDay('2026-12-31').toISOString(), '2026-12-31T16:00:00.000Z');
  });

  it('rejects bad input', () => {
    assert.throws(() => shanghaiDate(new Date(Number.NaN)), RangeError);
    assert.throws(() => endOfShanghaiDay('2026-02-29'), /Invalid date "2026-02-29"/);
    assert.throws(() => endOfShanghaiDay('2026-9-1'), RangeError);
  });
});

describe('WorkingDayCalendar: national calendar (chinese-days)', () => {
  it('National Day 2026: Oct 1–7 off, Sunday Sep 20 and Saturday Oct 10 worked', () => {
    const october = ['01', '02', '03', '04', '05', '06', '07'].map((d) => `2026-10-${d}`);
    assert.deepEqual(offDays(national, october), october);
    // chinese-days 1.5.7 (国办发明电〔2025〕 2026 notice): 调休上班 on 9月20日（周日）and 10月10日（周六）.
    assert.equal(chineseDays.getDayDetail('2026-09-20').work, true);
    assert.equal(national.isWorkingDay('2026-09-20'), true);
    assert.equal(national.isWorkingDay('2026-10-10'), true);
    assert.equal(national.isWorkingDay('2026-10-08'), true);
    assert.equal(national.isWorkingDay('2026-10-11'), false);
    // Mid-Autumn Festival 2026 is Sep 25–27 (Fri–Sun), so the 27th is a day off, not a make-up day.
    assert.deepEqual(offDays(national, ['2026-09-25', '2026-09-26', '2026-09-27']).length, 3);
    assert.equal(national.isWorkingDay('2026-09-28'), true);
  });

  it('Spring Festival 2026: Feb 15–23 off, Saturdays Feb 14 and Feb 28 worked', () => {
    const days = Array.from({ length: 9 }, (_, i) => `2026-02-${String(15 + i)}`);
    assert.deepEqual(offDays(national, days), days);
    assert.equal(national.isWorkingDay('2026-02-14'), true);
    assert.equal(national.isWorkingDay('2026-02-28'), true);
    assert.equal(national.isWorkingDay('2026-02-24'), true);
  });

  it('agrees with the chinese-days API on every day it covers', (t) => {
    // chinese-days' own functions are only right in time zones at or east of UTC (see national-calendar.ts).
    if (new Date(2026, 0, 1).getTimezoneOffset() > 0 || new Date(2026, 6, 1).getTimezoneOffset() > 0) {
      t.skip('process time zone is west of UTC');
      return;
    }
    let checked = 0;
    for (let year = 2004; national.coversYear(year); year++) {
      for (let day = new Date(year, 0, 1); day.getFullYear() === year; day.setDate(day.getDate() + 1)) {
        const iso = `${year}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
        assert.equal(national.isWorkingDay(iso), chineseDays.isWorkday(new Date(day)), iso);
        checked++;
      }
    }
    assert.ok(checked > 8000);
  });

  it('does not depend on the process time zone', () => {
    const script = `
      import { WorkingDayCalendar } from ${JSON.stringify(new URL('./index.js', import.meta.url).href)};
      const c = new WorkingDayCalendar({ region: 'none', source: 'test', holidays: [], workdays: [] });
      const days = ['2026-09-28', '2026-10-01', '2026-10-10', '2027-02-05', '2027-02-09', '2027-06-09'];
      console.log(JSON.stringify(days.map((d) => c.isWorkingDay(d))));
    `;
    for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
      const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { TZ: zone },
        encoding: 'utf8',
      });
      assert.deepEqual(JSON.parse(output), [true, false, true, false, true, false], zone);
    }
  });

  it('coversYear follows the chinese-days data', () => {
    const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
      holidays: Record<string, string>;
    };
    const years = new Set(Object.keys(data.holidays).map((date) => Number(date.slice(0, 4))));
    for (const year of years) assert.equal(national.coversYear(year), true, String(year));
    assert.equal(national.coversYear(2025), true);
    assert.equal(national.coversYear(2026), true);
    assert.equal(national.coversYear(Math.max(...years) + 1), false);
    assert.equal(national.coversYear(2003), false);
    assert.equal(national.coversYear(2100), false);
    assert.throws(() => national.coversYear(2026.5), RangeError);
  });

  it('beyond the data, weekends are the only days off', () => {
    assert.equal(national.isWorkingDay('2100-01-01'), true); // a Friday; no national data for 2100
    assert.equal(national.isWorkingDay('2100-01-02'), false);
  });
});

describe('WorkingDayCalendar: regional data', () => {
  it('a Tibetan New Year day from the shipped data is not a working day', () => {
    assert.equal(national.isWorkingDay('2025-02-28'), true); // an ordinary Friday nationally
    assert.equal(tibet.isWorkingDay('2025-02-28'), false);
    assert.equal(national.isWorkingDay('2026-02-24'), true);
    assert.equal(tibet.isWorkingDay('2026-02-24'), false);
    assert.equal(tibet.isWorkingDay('2026-02-28'), true);
  });

  it('a regional workday overrides a weekend, a regional holiday a national make-up day', () => {
    const calendar = new WorkingDayCalendar({
      region: 'test',
      source: 'test',
      holidays: [{ date: '2026-10-10', name: 'regional day off' }],
      workdays: [{ date: '2026-03-07', name: 'regional make-up day' }],
    });
    assert.equal(national.isWorkingDay('2026-03-07'), false); // Saturday
    assert.equal(calendar.isWorkingDay('2026-03-07'), true);
    assert.equal(calendar.isWorkingDay('2026-10-10'), false);
    assert.equal(calendar.addWorkingDays('2026-03-06', 1), '2026-03-07');
  });

  it('validates the regional data it is given', () => {
    assert.throws(
      () => new WorkingDayCalendar({ ...NO_REGIONAL_DAYS, holidays: [{ date: '2026-02-30', name: 'x' }] }),
      /2026-02-30/,
    );
  });
});

describe('WorkingDayCalendar: counting', () => {
  it('addWorkingDays counts strictly after the date', () => {
    assert.equal(national.addWorkingDays('2026-03-05', 1), '2026-03-06'); // Thu → Fri
    assert.equal(national.addWorkingDays('2026-03-06', 1), '2026-03-09'); // Fri → Mon
    assert.equal(national.addWorkingDays('2026-09-30', 3), '2026-10-10'); // Oct 8, 9, Saturday make-up 10
    assert.equal(tibet.addWorkingDays('2026-02-13', 2), '2026-02-27'); // Feb 14 (Sat, worked), then 27
  });

  it('deadline across a weekend', () => {
    // Sent Thursday 2026-03-05 10:00 Shanghai time, 3 working days: Fri 6, Mon 9, Tue 10.
    assert.equal(
      national.deadline(shanghai('2026-03-05T10:00:00'), 3).toISOString(),
      '2026-03-10T16:00:00.000Z',
    );
  });

  it('deadline across a holiday block', () => {
    // Sent Friday 2026-09-25 15:00 (Mid-Autumn, off); Sep 26–27 off; Mon 28, Tue 29, Wed 30.
    const sent = shanghai('2026-09-25T15:00:00');
    assert.equal(national.deadline(sent, 3).toISOString(), '2026-09-30T16:00:00.000Z');
    // Five working days reach past National Day: Sep 28, 29, 30, Oct 8, 9.
    assert.equal(national.deadline(sent, 5).toISOString(), '2026-10-09T16:00:00.000Z');
    assert.equal(national.deadline(sent, 0).toISOString(), '2026-09-25T16:00:00.000Z');
  });

  it('counts from the Shanghai day even when it is still the previous day in UTC', () => {
    // 2026-09-24T17:30Z is 2026-09-25 01:30 in Shanghai.
    const lateUtc = new Date('2026-09-24T17:30:00Z');
    assert.equal(national.deadline(lateUtc, 0).toISOString(), '2026-09-25T16:00:00.000Z');
    assert.equal(national.deadline(lateUtc, 3).toISOString(), '2026-09-30T16:00:00.000Z');
    // 2026-09-29T17:30Z is already Wednesday Sep 30 in Shanghai: the next working day is Oct 8, not Sep 30.
    assert.equal(
      national.deadline(new Date('2026-09-29T17:30:00Z'), 1).toISOString(),
      '2026-10-08T16:00:00.000Z',
    );
  });

  it('workingDaysBetween counts days after a up to and including b', () => {
    const sent = shanghai('2026-09-25T15:00:00');
    assert.equal(national.workingDaysBetween(sent, shanghai('2026-10-09T10:00:00')), 5);
    assert.equal(national.workingDaysBetween(sent, shanghai('2026-09-25T23:59:00')), 0);
    assert.equal(national.workingDaysBetween(sent, shanghai('2026-09-01T00:00:00')), 0);
    assert.equal(
      national.workingDaysBetween(shanghai('2026-03-05T09:00:00'), shanghai('2026-03-09T00:00:01')),
      2,
    );
    for (const n of [1, 3, 5, 10, 30]) {
      const due = national.deadline(sent, n);
      assert.equal(national.workingDaysBetween(sent, new Date(due.getTime() - 1)), n, `n = ${n}`);
    }
  });

  it('rejects malformed dates and counts', () => {
    assert.throws(() => national.isWorkingDay('2026-02-30'), RangeError);
    assert.throws(() => national.addWorkingDays('20260301', 1), RangeError);
    for (const n of [0, -1, 1.5, Number.NaN, MAX_WORKING_DAYS + 1]) {
      assert.throws(() => national.addWorkingDays('2026-03-01', n), RangeError, String(n));
    }
    assert.throws(() => national.deadline(new Date('2026-03-01T00:00:00Z'), -1), RangeError);
    assert.throws(() => national.deadline(new Date(Number.NaN), 1), RangeError);
    assert.throws(() => national.workingDaysBetween(new Date(Number.NaN), new Date()), RangeError);
  });

  it('is fast enough to compute a deadline per transfer', () => {
    const start = performance.now();
    let last = 0;
    for (let i = 0; i < 100_000; i++) {
      last = tibet.deadline(new Date(Date.UTC(2026, 0, 1) + i * 600_000), 10).getTime();
    }
    const elapsed = performance.now() - start;
    assert.ok(last > 0);
    assert.ok(elapsed < 2000, `100k deadlines took ${elapsed.toFixed(0)} ms`);
  });
});
