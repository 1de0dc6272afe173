import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCalendarData, parseCalendarData } from './calendar-data.js';

/** Asserts that `run` throws an Error whose message contains every fragment. */
function assertThrowsWith(run: () => unknown, fragments: string[]): void {
  assert.throws(run, (err: unknown) => {
    assert.ok(err instanceof Error);
    for (const fragment of fragments) {
      assert.ok(err.message.includes(fragment), `message lacks ${JSON.stringify(fragment)}:\n${err.message}`);
    }
    return true;
  });
}

describe('parseCalendarData', () => {
  it('returns a clean copy sorted by date with trimmed names', () => {
    const data = parseCalendarData(
      {
        region: ' 测试区 ',
        source: 'unit test',
        holidays: [
          { date: '2026-08-13', name: ' 雪顿节 ' },
          { date: '2026-08-12', name: '雪顿节' },
        ],
        workdays: [{ date: '2026-08-15', name: '调休上班' }],
      },
      'test',
    );
    assert.deepEqual(data, {
      region: '测试区',
      source: 'unit test',
      holidays: [
        { date: '2026-08-12', name: '雪顿节' },
        { date: '2026-08-13', name: '雪顿节' },
      ],
      workdays: [{ date: '2026-08-15', name: '调休上班' }],
    });
  });

  it('names every problem and the origin in one error', () => {
    assertThrowsWith(
      () =>
        parseCalendarData(
          {
            region: 'x',
            source: 'y',
            holidays: [
              { date: '2026-02-30', name: '不存在的日子' },
              { date: '2026-08-12', name: '' },
              { date: '2026-08-13', name: '雪顿节' },
              { date: '2026-08-13', name: '雪顿节' },
              { date: '2026/08/14', name: '格式错误' },
              { date: '2026-08-15', name: '既放假又上班' },
            ],
            workdays: [{ date: '2026-08-15', name: '既放假又上班' }],
          },
          '/etc/yiti/holidays.json',
        ),
      [
        '/etc/yiti/holidays.json',
        '5 problem(s)',
        'holidays[0].date "2026-02-30" is not an existing date',
        'holidays[1].name must be a non-empty string',
        'holidays[3].date 2026-08-13 is listed more than once',
        'holidays[4].date "2026/08/14"',
        '2026-08-15 is listed both as a holiday and as a workday',
      ],
    );
  });

  it('rejects a wrong shape', () => {
    assertThrowsWith(() => parseCalendarData([], 'array.json'), ['array.json', 'expected an object']);
    assertThrowsWith(
      () => parseCalendarData({ region: '', holidays: {}, workdays: [42] }, 'shape.json'),
      [
        'shape.json',
        '"region" must be a non-empty string',
        '"source" must be a non-empty string (got undefined)',
        '"holidays" must be an array',
        'workdays[0] must be an object',
      ],
    );
  });
});

describe('loadCalendarData', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yiti-calendar-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the shipped Tibet data by default, flagged as needing confirmation', () => {
    const data = loadCalendarData();
    assert.match(data.region, /西藏/);
    assert.match(data.source, /REGIONAL_HOLIDAYS_FILE/);
    assert.match(data.source, /NOT verified/);
    const losar = data.holidays.filter((day) => day.name.includes('藏历新年')).map((day) => day.date);
    assert.ok(losar.includes('2025-02-28'), 'Losar 2025 (木蛇年初一)');
    assert.ok(losar.includes('2026-02-18'), 'Losar 2026 (火马年初一)');
    assert.ok(data.holidays.some((day) => day.name.includes('雪顿节') && day.date.startsWith('2025-')));
    assert.ok(data.holidays.some((day) => day.name.includes('雪顿节') && day.date.startsWith('2026-')));
  });

  it('returns a fresh copy each time', () => {
    const first = loadCalendarData();
    first.holidays.length = 0;
    assert.notEqual(loadCalendarData().holidays.length, 0);
  });

  it('reads an operator file', () => {
    const file = join(dir, 'regional.json');
    writeFileSync(
      file,
      JSON.stringify({
        region: '西藏自治区',
        source: '2027 notice',
        holidays: [{ date: '2027-02-07', name: '藏历新年' }],
        workdays: [],
      }),
    );
    const data = loadCalendarData(file);
    assert.equal(data.source, '2027 notice');
    assert.deepEqual(data.holidays, [{ date: '2027-02-07', name: '藏历新年' }]);
  });

  it('names the file when it is missing, not JSON, or invalid', () => {
    const missing = join(dir, 'missing.json');
    assertThrowsWith(() => loadCalendarData(missing), ['Cannot read', missing]);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "region": ');
    assertThrowsWith(() => loadCalendarData(broken), ['not valid JSON', broken]);
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ region: 'x', source: 'y', holidays: [{ date: '2026-13-01' }] }));
    assertThrowsWith(() => loadCalendarData(invalid), [invalid, '2026-13-01', '"workdays" must be an array']);
  });
});
