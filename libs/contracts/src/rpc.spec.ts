import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_RPC_METHODS, rpc } from './rpc.js';
import { PingRequestSchema, PingResponseSchema } from './gen/yiti/common/v1/rpc_pb.js';

describe('rpc contracts', () => {
  it('binds every method to a unique, well-formed subject', () => {
    const subjects = ALL_RPC_METHODS.map((m) => m.subject);
    assert.equal(new Set(subjects).size, subjects.length);
    for (const m of ALL_RPC_METHODS) assert.match(m.subject, /^yiti\.[a-z-]+\.[a-z-]+\.[a-z-]+\.v\d+$/);
  });

  it('refuses a subject outside the naming rule', () => {
    const method = { input: PingRequestSchema, output: PingResponseSchema };
    assert.throws(() => rpc('directory.list', method), /does not follow/);
    assert.throws(() => rpc('yiti.Directory.org.list.v1', method), /does not follow/);
    assert.equal(rpc('yiti.directory.org.list.v2', method).service, 'directory');
  });
});
