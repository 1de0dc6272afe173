import { describe, expect, it } from 'vitest';
import { byUrgency, countdown, runningDeadline, type DeadlineLike } from './deadlines';

const d = (
  deadline: DeadlineLike['deadline'],
  dueAt: string,
  extra: Partial<DeadlineLike> = {},
): DeadlineLike => ({
  deadline,
  dueAt,
  localDate: dueAt.slice(0, 10),
  provisional: false,
  ...extra,
});

describe('runningDeadline', () => {
  it('is the open deadline that ends first, skipping met ones', () => {
    const ack = d('ACKNOWLEDGE', '2026-12-04T16:00:00Z', { metAt: '2026-12-02T01:00:00Z' });
    const decide = d('DECIDE', '2026-12-16T16:00:00Z');
    const consult = d('CONSULTATION', '2026-12-20T16:00:00Z');
    expect(runningDeadline([consult, ack, decide])).toBe(decide);
  });
  it('is undefined when every deadline is met', () => {
    expect(
      runningDeadline([d('ACKNOWLEDGE', '2026-12-04T16:00:00Z', { metAt: '2026-12-02T00:00:00Z' })]),
    ).toBe(undefined);
  });
});

describe('countdown', () => {
  const now = Date.parse('2026-12-03T08:00:00Z');
  it('counts days, hours and minutes left', () => {
    expect(countdown({ dueAt: '2026-12-05T10:30:00Z' }, now)).toEqual({
      urgency: 'soon',
      days: 2,
      hours: 2,
      minutes: 30,
    });
  });
  it('is "today" under 24 hours and "later" from 3 days', () => {
    expect(countdown({ dueAt: '2026-12-04T07:59:00Z' }, now).urgency).toBe('today');
    expect(countdown({ dueAt: '2026-12-06T08:00:00Z' }, now).urgency).toBe('later');
  });
  it('is overdue once passed, counting the time past', () => {
    expect(countdown({ dueAt: '2026-12-02T07:00:00Z' }, now)).toEqual({
      urgency: 'overdue',
      days: 1,
      hours: 1,
      minutes: 0,
    });
  });
  it('is overdue when the service marked it, even if the clock here is behind', () => {
    expect(
      countdown({ dueAt: '2026-12-03T08:05:00Z', overdueSince: '2026-12-03T08:04:00Z' }, now).urgency,
    ).toBe('overdue');
  });
});

describe('byUrgency', () => {
  it('puts the earliest deadline first and items without one last', () => {
    const items = [
      { id: 'a' },
      { id: 'b', due: '2026-12-05T00:00:00Z' },
      { id: 'c', due: '2026-12-01T00:00:00Z' },
    ];
    expect(byUrgency(items, (i) => i.due).map((i) => i.id)).toEqual(['c', 'b', 'a']);
  });
});
