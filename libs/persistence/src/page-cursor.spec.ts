import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';
import { decodePageToken, encodePageToken, keysetPage } from './page-cursor.js';

const ID = '0b7c6f2e-3f4a-4c1d-9e8f-1a2b3c4d5e6f';
const AT = '2026-03-01T08:00:00.000Z';

function assertBadToken(token: string) {
  assert.throws(
    () => decodePageToken(token),
    (err: unknown) =>
      err instanceof RpcError &&
      err.code === ErrorCode.BAD_USER_INPUT &&
      err.violations.length === 1 &&
      err.violations[0]!.field === 'pageToken',
  );
}

describe('page tokens', () => {
  it('round-trips a cursor through an opaque base64url token', () => {
    const token = encodePageToken({ at: AT, id: ID });
    assert.match(token, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodePageToken(token), { at: AT, id: ID });
  });

  it('reads an empty token as the first page', () => {
    assert.equal(decodePageToken(''), undefined);
  });

  it('refuses a token it did not give out', () => {
    assertBadToken('not a token');
    assertBadToken(Buffer.from('{').toString('base64url'));
    assertBadToken(encodePageToken({ at: 'yesterday', id: ID }));
    assertBadToken(encodePageToken({ at: AT, id: 'not-a-uuid' }));
    assertBadToken(Buffer.from(JSON.stringify({ at: AT })).toString('base64url'));
  });

  it('cuts a page of LIMIT size + 1 rows and points past its last row', () => {
    const rows = [3, 2, 1].map((n) => ({ id: `${ID.slice(0, -1)}${n}`, at: new Date(Date.UTC(2026, 0, n)) }));
    const full = keysetPage(rows, 2, (r) => r.at);
    assert.deepEqual(full.page, rows.slice(0, 2));
    assert.deepEqual(decodePageToken(full.nextPageToken), { at: rows[1]!.at.toISOString(), id: rows[1]!.id });
    const last = keysetPage(rows, 3, (r) => r.at);
    assert.deepEqual(last.page, rows);
    assert.equal(last.nextPageToken, '');
    assert.deepEqual(
      keysetPage([], 2, (r: { id: string; at: Date }) => r.at),
      { page: [], nextPageToken: '' },
    );
  });
});
