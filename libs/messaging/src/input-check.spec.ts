import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode } from '@yiti/contracts';
import { inputCheck } from './input-check.js';
import { RpcError } from './rpc-error.js';

describe('InputCheck', () => {
  it('passes valid input', () => {
    inputCheck()
      .matches('code', '540522', /^\d{6}$/, 'bad')
      .required('name', '贡嘎')
      .maxLength('name', '贡嘎', 10)
      .done();
  });

  it('reports every violation at once as one BAD_USER_INPUT', () => {
    assert.throws(
      () =>
        inputCheck()
          .matches('code', '54', /^\d{6}$/, 'must be six digits')
          .required('name', '  ')
          .maxLength('note', 'x'.repeat(11), 10)
          .that('kind', false, 'is required')
          .done(),
      (err: unknown) => {
        assert.ok(err instanceof RpcError);
        assert.equal(err.code, ErrorCode.BAD_USER_INPUT);
        assert.deepEqual(
          err.violations.map((v) => v.field),
          ['code', 'name', 'note', 'kind'],
        );
        return true;
      },
    );
  });

  it('survives the round trip over the wire', () => {
    const original = RpcError.badInput('bad', [{ field: 'code', message: 'must be six digits' }]);
    const decoded = RpcError.decode(original.encode());
    assert.equal(decoded.code, ErrorCode.BAD_USER_INPUT);
    assert.deepEqual(decoded.violations, original.violations);
    assert.equal(RpcError.decode(new Uint8Array([0xff, 0xff])).code, ErrorCode.INTERNAL);
  });
});
