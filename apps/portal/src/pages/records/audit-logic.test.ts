import { describe, expect, it } from 'vitest';
import { askedQuery, beijingTime, outcomeKey, outcomeOfFilter, periodInstants } from './audit-logic';

describe('the audit view', () => {
  it('reads what each kind of lookup asked', () => {
    expect(askedQuery('{"citizenId":"542223198804120017","kind":"citizen-id"}')).toEqual({
      kind: 'citizen-id',
      citizenId: '542223198804120017',
    });
    expect(askedQuery('{"birthDate":"1988-04-12","kind":"name","limit":0,"name":"扎西次仁"}')).toEqual({
      kind: 'name',
      name: '扎西次仁',
      birthDate: '1988-04-12',
    });
    expect(askedQuery('{"birthDate":null,"kind":"name","name":"Tashi"}')).toEqual({
      kind: 'name',
      name: 'Tashi',
      birthDate: null,
    });
    expect(askedQuery('{"kind":"detail","personId":"p1"}')).toEqual({ kind: 'detail', personId: 'p1' });
    expect(askedQuery('not json')).toEqual({ kind: 'other', text: 'not json' });
    expect(askedQuery('{"kind":"new"}')).toEqual({ kind: 'other', text: '{"kind":"new"}' });
  });

  it('names outcomes as message keys and filters as stored outcomes', () => {
    expect(outcomeKey('denied:holder')).toBe('denied_holder');
    expect(outcomeKey('rate-limited')).toBe('rate_limited');
    expect(outcomeOfFilter('DENIED_HOLDER')).toBe('denied:holder');
    expect(outcomeOfFilter('DENIED')).toBe('denied');
    expect(outcomeOfFilter('REJECTED_PURPOSE')).toBe('rejected:purpose');
    expect(outcomeOfFilter('NO_MATCH')).toBe('no-match');
    expect(outcomeOfFilter('RATE_LIMITED')).toBe('rate-limited');
    expect(outcomeOfFilter('OK')).toBe('ok');
  });

  it('makes a period of whole Beijing days, the last day included', () => {
    expect(periodInstants('2026-12-01', '2026-12-31')).toEqual({
      from: '2026-12-01T00:00:00+08:00',
      to: '2027-01-01T00:00:00+08:00',
    });
    expect(periodInstants(null, '2026-02-28')).toEqual({ to: '2026-03-01T00:00:00+08:00' });
    expect(periodInstants('garbage', '')).toEqual({});
  });

  it('shows instants in Beijing time', () => {
    expect(beijingTime('2026-12-03T18:30:05.123Z')).toBe('2026-12-04 02:30:05');
    expect(beijingTime('2026-12-04T02:30:05.123+08:00')).toBe('2026-12-04 02:30:05');
  });
});
