import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntityManager } from 'typeorm';
import { ErrorCode } from '@yiti/contracts';
import { RpcError, type RpcCall } from '@yiti/messaging';
import { checkIdempotencyKey, IdempotentCreation } from './idempotency.js';

/** The idempotency table in memory, answering the three statements idempotency.ts sends. */
function fakeManager(): EntityManager {
  const rows = new Map<string, { request_hash: string; result: unknown }>();
  const query = (sql: string, params: unknown[]) => {
    const [caller, operation, key, fourth] = params as string[];
    const id = `${caller}/${operation}/${key}`;
    if (sql.trimStart().startsWith('INSERT')) {
      if (rows.has(id)) return Promise.resolve([]);
      rows.set(id, { request_hash: fourth!, result: null });
      return Promise.resolve([1]);
    }
    if (sql.trimStart().startsWith('SELECT')) return Promise.resolve(rows.has(id) ? [rows.get(id)] : []);
    rows.get(id)!.result = JSON.parse(fourth!);
    return Promise.resolve([]);
  };
  return { query } as unknown as EntityManager;
}

const call = { principal: { subject: 'user-1' } } as unknown as RpcCall;
const isConflict = (err: unknown) => err instanceof RpcError && err.code === ErrorCode.CONFLICT;

describe('IdempotentCreation', () => {
  const idempotent = new IdempotentCreation('things');

  it('claims per caller, operation and key', () => {
    assert.deepEqual(idempotent.claimOf('thing.create', 'key-0001', { a: 1 }, call), {
      caller: 'user-1',
      operation: 'thing.create',
      key: 'key-0001',
      request: { a: 1 },
    });
  });

  it('makes the change once and replays its id to a retry', async () => {
    const manager = fakeManager();
    const claim = idempotent.claimOf('thing.create', 'key-0001', { a: 1 }, call);
    assert.equal(await idempotent.earlierResult(manager, claim), undefined);
    let made = 0;
    const change = () => Promise.resolve(`id-${++made}`);
    assert.equal(await idempotent.once(manager, claim, change), 'id-1');
    assert.equal(await idempotent.earlierResult(manager, claim), 'id-1');
    assert.equal(await idempotent.once(manager, claim, change), 'id-1');
    assert.equal(made, 1);
  });

  it('refuses the same key with a different request (CONFLICT)', async () => {
    const manager = fakeManager();
    const first = idempotent.claimOf('thing.create', 'key-0001', { a: 1 }, call);
    await idempotent.once(manager, first, () => Promise.resolve('id-1'));
    const other = idempotent.claimOf('thing.create', 'key-0001', { a: 2 }, call);
    await assert.rejects(idempotent.earlierResult(manager, other), isConflict);
    await assert.rejects(
      idempotent.once(manager, other, () => Promise.resolve('id-2')),
      isConflict,
    );
  });
});

describe('checkIdempotencyKey', () => {
  it('requires 8-128 of A-Z, a-z, 0-9, _ and -', () => {
    checkIdempotencyKey('a1B2_c3-d4');
    for (const bad of ['', 'short', 'has space here', 'x'.repeat(129)])
      assert.throws(
        () => checkIdempotencyKey(bad),
        (err: unknown) =>
          err instanceof RpcError &&
          err.code === ErrorCode.BAD_USER_INPUT &&
          err.violations[0]?.field === 'idempotencyKey',
      );
  });
});
