import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConsultationReason, ErrorCode } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';
import { AttachmentStore, type AttachmentErrors } from './attachment-store.js';

const fail = (): never => {
  throw new Error('not expected in this test');
};
const ERRORS: AttachmentErrors = {
  notFound: fail,
  unknownUpload: fail,
  notUploading: fail,
  tooLarge: () => RpcError.of(ConsultationReason.ATTACHMENT_TOO_LARGE),
  badType: () => RpcError.of(ConsultationReason.ATTACHMENT_BAD_TYPE),
  badChunk: fail,
  incomplete: fail,
  corrupted: fail,
  corruptedAtRest: fail,
};
const TABLES = { schema: 'meetings', table: 'a', chunkTable: 'a_chunk', ownerColumn: 'owner_id' };
const OWNER = '0b7c6f2e-3f4a-4c1d-9e8f-1a2b3c4d5e6f';
const SHA = 'a'.repeat(64);
const store = new AttachmentStore(TABLES, ERRORS, {
  maxBytes: 1000,
  chunkBytes: 100,
  mediaTypes: ['application/pdf', 'image/*'],
});
const begin = (over: Partial<{ filename: string; mediaType: string; size: number; sha256: string }> = {}) =>
  store.checkBegin(
    { filename: ' 照片.jpg ', mediaType: 'Image/JPEG', size: 1000, sha256: SHA, ...over },
    'consultationId',
    OWNER,
  );
const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof RpcError);
    return [ErrorCode[err.code], err.reason.reason, err.violations.map((v) => v.field)];
  }
  assert.fail('expected a refusal');
};

describe('AttachmentStore (checks without a database)', () => {
  it('takes a file within the limit, of an allowed type, trimmed and lowercased', () => {
    assert.deepEqual(begin(), { filename: '照片.jpg', mediaType: 'image/jpeg', size: 1000, sha256: SHA });
    assert.deepEqual([store.chunkCountOf(0), store.chunkCountOf(100), store.chunkCountOf(101)], [1, 1, 2]);
  });

  it("refuses, with the domain's reasons, a file too large or of a type it does not take", () => {
    assert.deepEqual(
      reasonOf(() => begin({ size: 1001 })),
      ['BAD_USER_INPUT', 'CONSULTATION_ATTACHMENT_TOO_LARGE', []],
    );
    for (const mediaType of ['application/x-msdownload', 'not a type'])
      assert.deepEqual(
        reasonOf(() => begin({ mediaType })),
        ['BAD_USER_INPUT', 'CONSULTATION_ATTACHMENT_BAD_TYPE', []],
      );
  });

  it('names every malformed field at once', () => {
    assert.deepEqual(
      reasonOf(() => begin({ filename: 'a/b', sha256: 'XYZ' })),
      ['BAD_USER_INPUT', 'INVALID_INPUT', ['filename', 'sha256']],
    );
    assert.deepEqual(
      reasonOf(() =>
        store.checkBegin({ filename: 'a', mediaType: 'image/png', size: 1, sha256: SHA }, 'id', 'x'),
      ),
      ['BAD_USER_INPUT', 'INVALID_INPUT', ['id']],
    );
  });

  it('refuses table names that are not plain identifiers', () => {
    assert.throws(
      () => new AttachmentStore({ ...TABLES, table: 'a; DROP TABLE b' }, ERRORS),
      /invalid SQL identifier/,
    );
  });
});
