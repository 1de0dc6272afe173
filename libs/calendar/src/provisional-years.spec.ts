import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { loadCalendarData, type NationalCalendarData, type RegionalCalendarData } from './calendar-data.js';
import {
  dragonBoatDate,
  midAutumnDate,
  qingmingDate,
  springFestivalDate,
  statutoryHolidays,
} from './statutory-holidays.js';
import { WorkingDayCalendar, type ProvisionalYearNotice } from './working-day-calendar.js';

const published = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
};

/** Shanghai wall-clock time → instant. */
const shanghai = (dateTime: string): Date => new Date(`${dateTime}+08:00`);

/** Regional data that lists a day off in 2025–2027, so that only the national side decides. */
const REGIONAL_ALL_YEARS: RegionalCalendarData = {
  region: 'test',
  source: 'test',
  holidays: [
    { date: '2025-08-25', name: 'regional' },
    { date: '2026-08-24', name: 'regional' },
    { date: '2027-08-23', name: 'regional' },
  ],
  workdays: [],
};

/** An invented 2027 State Council arrangement: 元旦 1–3 off, make-up Sunday 01-10; 春节 02-05 … 02-11. */
const NATIONAL_2027: NationalCalendarData = {
  source: 'test fixture: invented 2027 notice',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-01-02', name: '元旦' },
    { date: '2027-01-03', name: '元旦' },
    ...[5, 6, 7, 8, 9, 10, 11].map((d) => ({ date: `2027-02-${String(d).padStart(2, '0')}`, name: '春节' })),
  ],
  workdays: [{ date: '2027-01-10', name: '元旦调休上班' }],
};

describe('statutory holidays of an unpublished year', () => {
  it('computes 春节, 清明, 端午 and 中秋 as the published years 2020–2026 have them', () => {
    for (let year = 2020; year <= 2026; year++) {
      const checks: Array<[string, string, RegExp]> = [
        ['春节', springFestivalDate(year), /春节/],
        ['清明', qingmingDate(year), /清明/],
        ['端午', dragonBoatDate(year), /端午/],
        // 2020: 中秋 fell on 10-01, inside the National Day block.
        ['中秋', midAutumnDate(year), /中秋|国庆/],
      ];
      for (const [festival, date, name] of checks) {
        const listed = published.holidays[date];
        assert.ok(listed, `${festival} ${year} computed as ${date}, which chinese-days does not list`);
        assert.match(listed, name, `${festival} ${year}: ${date} is ${listed}`);
      }
    }
    // 除夕 is a day off under the 2025 rule: the day before 初一 is listed for 2025 and 2026.
    assert.match(published.holidays['2025-01-28']!, /春节/);
    assert.equal(springFestivalDate(2025), '2025-01-29');
    assert.equal(springFestivalDate(2026), '2026-02-17');
  });

  it('Spring Festival 2027: 除夕 02-05, 初一 to 初三 02-06 … 02-08; the other festivals', () => {
    assert.equal(springFestivalDate(2027), '2027-02-06');
    assert.equal(qingmingDate(2027), '2027-04-05');
    assert.equal(dragonBoatDate(2027), '2027-06-09');
    assert.equal(midAutumnDate(2027), '2027-09-15');
    assert.deepEqual(
      statutoryHolidays(2027).map((day) => day.date),
      [
        '2027-01-01',
        '2027-02-05',
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-04-05',
        '2027-05-01',
        '2027-05-02',
        '2027-06-09',
        '2027-09-15',
        '2027-10-01',
        '2027-10-02',
        '2027-10-03',
      ],
    );
  });

  it('merges two festivals on one day (中秋 on 10-01 in 2031)', () => {
    const days = statutoryHolidays(2031);
    assert.equal(midAutumnDate(2031), '2031-10-01');
    assert.equal(days.length, 12);
    assert.equal(days.find((day) => day.date === '2031-10-01')?.name, '中秋节、国庆节');
  });

  it('is only estimated for the rule in force', () => {
    assert.throws(() => statutoryHolidays(2024), RangeError);
    assert.throws(() => statutoryHolidays(2100), RangeError);
  });
});

describe('WorkingDayCalendar beyond the published years', () => {
  const tibet = new WorkingDayCalendar(loadCalendarData());

  it('2027-01-01 and the Spring Festival days are days off; make-up days are not guessed', () => {
    assert.equal(tibet.coversYear(2027), false);
    assert.equal(tibet.isWorkingDay('2027-01-01'), false); // a Friday
    assert.equal(tibet.isWorkingDay('2026-12-31'), true);
    assert.equal(tibet.isWorkingDay('2027-01-04'), true);
    for (const date of ['2027-02-05', '2027-02-08', '2027-04-05', '2027-06-09', '2027-09-15', '2027-10-01']) {
      assert.equal(tibet.isWorkingDay(date), false, date);
    }
    assert.equal(tibet.isWorkingDay('2027-02-09'), true);
    assert.equal(tibet.isWorkingDay('2027-02-06'), false); // Saturday anyway; no make-up Saturday assumed
  });

  it('21 working days from 2026-12-03 do not land on 2027-01-01, and the deadline is provisional', () => {
    // Dec 4 … Dec 31 has 20 working days; 01-01 is New Year's Day, 01-02/03 a weekend: the 21st is 01-04.
    const due = tibet.deadlineOf(shanghai('2026-12-03T10:00:00'), 21);
    assert.equal(due.localDate, '2027-01-04');
    assert.equal(due.at.toISOString(), '2027-01-04T16:00:00.000Z');
    assert.equal(due.provisional, true);
    assert.deepEqual(due.provisionalYears, [2027]);
  });

  it('a deadline within a published year is not provisional; one that only starts there is not either', () => {
    const within = tibet.deadlineOf(shanghai('2026-12-03T10:00:00'), 5);
    assert.equal(within.localDate, '2026-12-10');
    assert.equal(within.provisional, false);
    assert.deepEqual(within.provisionalYears, []);
    // Sent on New Year's Eve, 0 days: the end of that day; nothing is counted in 2027.
    assert.equal(tibet.deadlineOf(shanghai('2026-12-31T18:00:00'), 0).provisional, false);
  });

  it('Tibet: 2027 is provisional for the regional reason too, until a file lists it', () => {
    assert.deepEqual(tibet.yearStatus(2026), {
      year: 2026,
      national: 'published',
      regional: true,
      provisional: false,
    });
    assert.deepEqual(tibet.yearStatus(2027), {
      year: 2027,
      national: 'estimated',
      regional: false,
      provisional: true,
    });
    const withNational = new WorkingDayCalendar(loadCalendarData(), { national: NATIONAL_2027 });
    assert.deepEqual(withNational.yearStatus(2027), {
      year: 2027,
      national: 'published',
      regional: false,
      provisional: true,
    });
    const settled = new WorkingDayCalendar(REGIONAL_ALL_YEARS, { national: NATIONAL_2027 });
    assert.equal(settled.yearStatus(2027).provisional, false);
  });

  it('a national file gives the year its arrangement, make-up days included', () => {
    const estimated = new WorkingDayCalendar(REGIONAL_ALL_YEARS);
    const settled = new WorkingDayCalendar(REGIONAL_ALL_YEARS, { national: NATIONAL_2027 });
    assert.equal(settled.isWorkingDay('2027-01-10'), true); // make-up Sunday
    assert.equal(settled.isWorkingDay('2027-02-10'), false); // bridging day off
    assert.equal(estimated.isWorkingDay('2027-02-10'), true);
    // Sent 2026-12-30: 1 working day is 12-31 either way; 3 working days differ.
    const from = shanghai('2026-12-30T09:00:00');
    assert.equal(estimated.deadlineOf(from, 3).localDate, '2027-01-05'); // 12-31, 01-04, 01-05
    const due = settled.deadlineOf(from, 3);
    assert.deepEqual([due.localDate, due.provisional], ['2027-01-05', false]);
    assert.equal(settled.deadlineOf(from, 5).localDate, '2027-01-07'); // 12-31, 01-04 … 01-07
    assert.equal(estimated.deadlineOf(shanghai('2027-02-03T09:00:00'), 2).localDate, '2027-02-09');
    assert.equal(settled.deadlineOf(shanghai('2027-02-03T09:00:00'), 2).localDate, '2027-02-12');
    assert.match(settled.national.source, /chinese-days 1\.5\.7 \+ test fixture/);
  });

  it('says what it assumes once per year, naming the files to supply', () => {
    const notices: ProvisionalYearNotice[] = [];
    const calendar = new WorkingDayCalendar(loadCalendarData(), { onProvisional: (n) => notices.push(n) });
    assert.equal(calendar.noticeProvisional(2026), false);
    for (let i = 0; i < 50; i++) calendar.deadlineOf(shanghai('2026-12-20T10:00:00'), 10 + i);
    assert.equal(calendar.noticeProvisional(2027), false);
    assert.equal(notices.length, 1);
    const [notice] = notices;
    assert.equal(notice!.year, 2027);
    assert.deepEqual(notice!.settings, ['NATIONAL_HOLIDAYS_FILE', 'REGIONAL_HOLIDAYS_FILE']);
    assert.match(notice!.message, /provisional/);
    assert.match(notice!.message, /chinese-days 1\.5\.7 has no national holiday arrangement for 2027/);
    assert.match(notice!.message, /元旦 1-01; 春节 除夕 to 初三/);
    assert.match(notice!.message, /no make-up working days/);
  });

  it('rejects an invalid national file', () => {
    assert.throws(
      () =>
        new WorkingDayCalendar(REGIONAL_ALL_YEARS, {
          national: { source: 'x', holidays: [{ date: '2027-02-30', name: 'x' }], workdays: [] },
        }),
      /2027-02-30/,
    );
    assert.throws(
      () =>
        new WorkingDayCalendar(REGIONAL_ALL_YEARS, { national: { source: 'x', holidays: [], workdays: [] } }),
      /lists no day at all/,
    );
  });
});
