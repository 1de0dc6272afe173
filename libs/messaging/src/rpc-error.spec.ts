import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create, toBinary } from '@bufbuild/protobuf';
import { CommonReason, MeetingReason, RpcErrorSchema, TransferReason } from '@yiti/contracts';
import { ErrorCode, RpcError } from './rpc-error.js';

describe('RpcError reasons', () => {
  it('takes its code from the reason, and the English message when none is given', () => {
    const e = RpcError.of(MeetingReason.QUORUM_MISSING);
    assert.equal(e.code, ErrorCode.CONFLICT);
    assert.equal(e.reason, MeetingReason.QUORUM_MISSING);
    assert.equal(e.message, MeetingReason.QUORUM_MISSING.en);
  });

  it('round-trips code, message, violations and reason over encode/decode', () => {
    const sent = RpcError.of(TransferReason.SAME_ORGANIZATION, 'A transfer goes to another organization.', [
      { field: 'content.receiverOrg', message: 'must not be your own organization' },
    ]);
    const got = RpcError.decode(sent.encode());
    assert.equal(got.code, ErrorCode.BAD_USER_INPUT);
    assert.equal(got.reason, TransferReason.SAME_ORGANIZATION);
    assert.equal(got.message, sent.message);
    assert.deepEqual(got.violations, sent.violations);
  });

  it("gives the factories and an older peer's error (no reason) the code's generic reason", () => {
    assert.equal(RpcError.badInput('x').reason, CommonReason.INVALID_INPUT);
    assert.equal(RpcError.forbidden().reason, CommonReason.NOT_ALLOWED);
    const old = toBinary(
      RpcErrorSchema,
      create(RpcErrorSchema, { code: ErrorCode.NOT_FOUND, message: 'gone' }),
    );
    assert.equal(RpcError.decode(old).reason, CommonReason.NOT_FOUND);
  });

  it("keeps a newer peer's unknown reason name, and never lets a reason contradict the code", () => {
    const newer = toBinary(
      RpcErrorSchema,
      create(RpcErrorSchema, { code: ErrorCode.CONFLICT, message: 'm', reason: 'TRANSFER_SOMETHING_NEW' }),
    );
    const got = RpcError.decode(newer);
    assert.equal(got.reason.reason, 'TRANSFER_SOMETHING_NEW');
    assert.equal(got.reason.zh, CommonReason.CONFLICT.zh);
    const contradicting = toBinary(
      RpcErrorSchema,
      create(RpcErrorSchema, { code: ErrorCode.NOT_FOUND, message: 'm', reason: 'MEETING_QUORUM_MISSING' }),
    );
    assert.equal(RpcError.decode(contradicting).reason, CommonReason.NOT_FOUND);
    assert.equal(RpcError.decode(new Uint8Array([0xff, 0xff])).reason, CommonReason.INTERNAL);
  });
});
