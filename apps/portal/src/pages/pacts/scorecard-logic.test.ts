import { describe, expect, it } from 'vitest';
import { barSeries, chartSummary, hours, scorecardRows } from './scorecard-logic';

const card = (key: string | null, sent: number, accepted = 0) => ({
  key,
  sent,
  received: sent,
  accepted,
  returned: 0,
  objected: 0,
  overdue: 0,
  medianHoursToAcknowledge: null,
  medianHoursToDecide: 12.345,
});

describe('scorecardRows', () => {
  it('names each row, the default rules too, and puts the most sent first', () => {
    const rows = scorecardRows([card('a', 1), card(null, 5), card('b', 3)], (k) =>
      k === null ? '默认规则' : `P-${k}`,
    );
    expect(rows.map((r) => [r.id, r.name])).toEqual([
      ['', '默认规则'],
      ['b', 'P-b'],
      ['a', 'P-a'],
    ]);
  });
});

describe('barSeries and chartSummary', () => {
  const rows = scorecardRows([card('a', 2, 1)], (k) => k ?? '');
  it('gives one series per measure with the same figures as the table', () => {
    const series = barSeries(rows, (m) => m);
    expect(series.map((s) => s.measure)).toEqual([
      'sent',
      'received',
      'accepted',
      'returned',
      'objected',
      'overdue',
    ]);
    expect(series.find((s) => s.measure === 'accepted')?.data).toEqual([1]);
  });
  it('says the figures in words for the chart label', () => {
    expect(chartSummary(rows, (m) => m)).toBe(
      'a: sent 2, received 2, accepted 1, returned 0, objected 0, overdue 0',
    );
  });
});

describe('hours', () => {
  it('rounds to one decimal and shows a dash without a median', () => {
    expect(hours(12.345)).toBe('12.3');
    expect(hours(null)).toBe('—');
  });
});
