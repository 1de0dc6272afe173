import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import {
  BusinessLineSchema,
  DirectoryRpc,
  ErrorCode,
  OrganizationSchema,
  type RpcMethod,
} from '@yiti/contracts';
import { RpcError, type RpcCaller } from '@yiti/messaging';
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

  it('refuses unknown business lines and categories naming the field and the valid codes, asking once a minute', async () => {
    let asked = 0;
    const rpc = {
      call: async (method: RpcMethod) => {
        assert.equal(method, DirectoryRpc.listBusinessLines);
        asked++;
        return {
          businessLines: [
            create(BusinessLineSchema, {
              code: 'criminal',
              categories: [{ code: 'theft' }, { code: 'fraud' }],
            }),
            create(BusinessLineSchema, { code: 'civil', categories: [{ code: 'false-litigation' }] }),
          ],
        };
      },
    } as unknown as RpcCaller;
    const client = new DirectoryClient(rpc); // no organization cache: the code lists are still reused
    await client.checkCodes([{ field: 'line', businessLine: 'criminal' }], 't');
    await assert.rejects(
      client.checkCodes(
        [
          { field: 'line', businessLine: 'banana' },
          { field: 'category', category: 'theft', businessLines: ['civil'] },
        ],
        't',
      ),
      (err: unknown) => {
        assert.ok(err instanceof RpcError);
        assert.equal(err.code, ErrorCode.BAD_USER_INPUT);
        assert.deepEqual(err.violations, [
          { field: 'line', message: '"banana" is not a business line; valid: criminal, civil' },
          { field: 'category', message: '"theft" is not a case category of civil; valid: false-litigation' },
        ]);
        return true;
      },
    );
    assert.equal(asked, 1);
  });
});
