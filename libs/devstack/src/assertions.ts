import assert from 'node:assert/strict';
import { ErrorCode } from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';

/** Asserts that a service call fails with a typed `RpcError` of `code` (`what` names the case in messages). */
export async function rejectsWithCode(promise: Promise<unknown>, code: ErrorCode, what = ''): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof RpcError, `${what}: expected an RpcError, got ${String(err)}`);
    assert.equal(ErrorCode[err.code], ErrorCode[code], `${what}: ${err.message}`);
    return true;
  });
}
