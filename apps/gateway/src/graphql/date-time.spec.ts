import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Kind } from 'graphql';
import { DateTimeScalar, shanghaiDateTime } from './date-time.js';

describe('DateTime scalar', () => {
  it('returns instants in Asia/Shanghai time with +08:00', () => {
    // 24:00 of 2026-12-10 Beijing time, the end of a deadline day.
    assert.equal(DateTimeScalar.serialize('2026-12-10T16:00:00.000Z'), '2026-12-11T00:00:00.000+08:00');
    assert.equal(DateTimeScalar.serialize('2026-12-31T16:00:00Z'), '2027-01-01T00:00:00.000+08:00');
    assert.equal(DateTimeScalar.serialize('2026-03-05T02:03:04.567Z'), '2026-03-05T10:03:04.567+08:00');
    assert.equal(DateTimeScalar.serialize('2026-03-05T10:03:04.567+08:00'), '2026-03-05T10:03:04.567+08:00');
    assert.equal(DateTimeScalar.serialize(new Date('2026-07-01T00:00:00Z')), '2026-07-01T08:00:00.000+08:00');
    assert.equal(shanghaiDateTime('2026-12-10T11:00:00-05:00'), '2026-12-11T00:00:00.000+08:00');
  });

  it('refuses to return what is not an instant', () => {
    for (const bad of ['', '2026-12-10', 'yesterday', 42, null, new Date(Number.NaN)]) {
      assert.throws(() => DateTimeScalar.serialize(bad), /DateTime cannot represent/, String(bad));
    }
  });

  it('accepts input with any offset and yields the UTC instant', () => {
    assert.equal(DateTimeScalar.parseValue('2026-12-11T00:00:00+08:00'), '2026-12-10T16:00:00.000Z');
    assert.equal(DateTimeScalar.parseValue('2026-12-10T11:00:00-05:00'), '2026-12-10T16:00:00.000Z');
    assert.equal(DateTimeScalar.parseValue('2026-12-10T16:00:00Z'), '2026-12-10T16:00:00.000Z');
    assert.equal(
      DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: '2026-12-11T00:00:00.000+08:00' }),
      '2026-12-10T16:00:00.000Z',
    );
    for (const bad of ['2026-12-11', '2026-12-11T00:00:00', 'soon', 5]) {
      assert.throws(() => DateTimeScalar.parseValue(bad), /RFC 3339 instant with an offset/, String(bad));
    }
    assert.throws(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: '5' }), /must be a string/);
  });
});
