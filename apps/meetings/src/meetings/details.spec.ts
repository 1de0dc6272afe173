import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inputCheck, RpcError } from '@yiti/messaging';
import { checkTime } from './details.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const check =
  (startsAt: string, endsAt = '2026-12-01T11:00:00+08:00') =>
  () => {
    const c = inputCheck();
    checkTime(c, '', { startsAt, endsAt, location: '会议室' }, () => true, NOW);
    c.done();
  };

describe('meeting times', () => {
  it('takes RFC 3339 times in the future with an end after the start', () => {
    assert.doesNotThrow(check('2026-12-01T09:30:00+08:00'));
    assert.doesNotThrow(check('2026-12-01T01:30:00.5Z'));
  });

  it('refuses days and times that do not exist, rather than rolling them over', () => {
    for (const startsAt of [
      '2026-02-30T09:00:00+08:00',
      '2026-13-01T09:00:00+08:00',
      '2026-12-01T24:00:00+08:00',
      '2026-12-01T09:60:00+08:00',
      '2026-12-01 09:00',
    ]) {
      assert.throws(
        check(startsAt),
        (err: unknown) => {
          assert.ok(err instanceof RpcError);
          assert.match(err.message, /startsAt must be an RFC 3339 date-time/);
          return true;
        },
        startsAt,
      );
    }
  });

  it('refuses a start in the past and an end before the start', () => {
    assert.throws(check('2026-11-21T09:00:00+08:00'), /must be in the future/);
    assert.throws(check('2026-12-01T12:00:00+08:00'), /must be after startsAt/);
  });
});
