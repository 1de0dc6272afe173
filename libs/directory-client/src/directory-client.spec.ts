import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import { DirectoryRpc, OrganizationSchema, type RpcMethod } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { DirectoryClient } from './directory-client.js';

/** A directory of three procuratorates: 贡嘎 under 山南 under the region (a stand-in for this class's unit test). */
function fakeDirectory() {
  const orgs = {
    'proc-540522': 'proc-540500',
    'proc-540500': 'proc-540000',
    'proc-540000': '',
  } as Record<string, string>;
  const calls: string[][] = [];
  const rpc = {
    call: async (method: RpcMethod, request: { codes: string[] }) => {
      assert.equal(method, DirectoryRpc.getOrganizations);
      calls.push(request.codes);
      return {
        organizations: request.codes
          .filter((c) => c in orgs)
          .map((code) => create(OrganizationSchema, { code, superiorCode: orgs[code] })),
      };
    },
  } as unknown as RpcCaller;
  return { rpc, calls };
}

describe('DirectoryClient', () => {
  it('walks the hierarchy and names unknown organizations', async () => {
    const { rpc } = fakeDirectory();
    const result = await new DirectoryClient(rpc).withSuperiors(['proc-540522', 'proc-999999'], 't');
    assert.deepEqual(result.withSuperiors, ['proc-540000', 'proc-540500', 'proc-540522']);
    assert.deepEqual(result.unknown, ['proc-999999']);
  });

  it('asks again every time without a cache, and once within the cache time with one', async () => {
    const uncached = fakeDirectory();
    const plain = new DirectoryClient(uncached.rpc);
    await plain.withSuperiors(['proc-540522'], 't');
    await plain.withSuperiors(['proc-540522'], 't');
    assert.equal(uncached.calls.length, 6);

    const cached = fakeDirectory();
    const client = new DirectoryClient(cached.rpc, 60);
    const first = await client.withSuperiors(['proc-540522', 'proc-999999'], 't');
    const second = await client.withSuperiors(['proc-540522', 'proc-999999'], 't');
    assert.deepEqual(second, first);
    assert.equal(cached.calls.length, 3, 'the second walk is answered from the cache');
  });
});
