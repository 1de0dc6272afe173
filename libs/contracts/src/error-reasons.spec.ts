import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CommonReason,
  ERROR_REASONS,
  errorReasonNamed,
  genericReasonOf,
  TransferReason,
} from './error-reasons.js';
import { ErrorCode } from './gen/yiti/common/v1/rpc_pb.js';

const CJK = /[\u4e00-\u9fff]/;

describe('error reason catalogue', () => {
  it('gives every reason a code, a domain, a Chinese and an English message', () => {
    assert.ok(ERROR_REASONS.length > 50);
    for (const r of ERROR_REASONS) {
      assert.match(r.reason, /^[A-Z][A-Z0-9_]*$/, r.reason);
      assert.ok(ErrorCode[r.code] && r.code !== ErrorCode.UNSPECIFIED, `${r.reason} has a code`);
      assert.ok(r.domain, `${r.reason} has a domain`);
      assert.match(r.zh, CJK, `${r.reason} has a Chinese message`);
      assert.ok(r.en.trim().length > 0 && !CJK.test(r.en), `${r.reason} has an English message`);
    }
  });

  it('names every reason once over all domains', () => {
    const names = ERROR_REASONS.map((r) => r.reason);
    assert.deepEqual(
      names.filter((n, i) => names.indexOf(n) !== i),
      [],
    );
    for (const r of ERROR_REASONS) assert.equal(errorReasonNamed(r.reason), r);
    assert.equal(errorReasonNamed('NO_SUCH_REASON'), undefined);
  });

  it('prefixes domain reasons and has a generic reason of the same code for every code', () => {
    assert.equal(TransferReason.ILLEGAL_MOVE.reason, 'TRANSFER_ILLEGAL_MOVE');
    assert.equal(TransferReason.ILLEGAL_MOVE.code, ErrorCode.CONFLICT);
    for (const code of Object.values(ErrorCode).filter((v): v is ErrorCode => typeof v === 'number')) {
      const generic = genericReasonOf(code);
      assert.equal(generic.domain, 'common');
      assert.equal(generic.code, code === ErrorCode.UNSPECIFIED ? ErrorCode.INTERNAL : code);
    }
    assert.equal(genericReasonOf(ErrorCode.BAD_USER_INPUT), CommonReason.INVALID_INPUT);
  });
});
