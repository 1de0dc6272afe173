import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { NatsConnection } from '@nats-io/transport-node';
import { rejectsWithCode, startTestStack, type TestStack } from '@yiti/devstack';
import { DirectoryRpc, ErrorCode } from '@yiti/contracts';
import { DEMO_PEOPLE } from '@yiti/reference';
import { RpcClient } from '@yiti/messaging';

interface RealmUser {
  username: string;
  firstName?: string;
  lastName?: string;
  attributes?: { org?: string[] };
  realmRoles?: string[];
}

const realm = JSON.parse(
  readFileSync(new URL('../../../../deploy/keycloak/realm-export.json', import.meta.url), 'utf8'),
) as { users: RealmUser[] };

/** The people directory over real NATS and PostgreSQL: who a meeting secretary picks by name and organization. */
describe('directory people over NATS', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let prosecutor: string;

  before(async () => {
    stack = await startTestStack();
    nc = await stack.connectNats();
    rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
    prosecutor = await stack.login('gongga-prosecutor');
  });

  after(async () => {
    await nc?.close();
    await stack?.stop();
  });

  it('the seed copies every user of the realm export: username, name, organization and roles', () => {
    assert.equal(DEMO_PEOPLE.length, realm.users.length);
    for (const user of realm.users) {
      const person = DEMO_PEOPLE.find((p) => p.username === user.username);
      assert.ok(person, `${user.username} is in the people seed`);
      assert.equal(person.organizationCode, user.attributes?.org?.[0]);
      assert.deepEqual([...person.roles].sort(), [...(user.realmRoles ?? [])].sort());
      const parts = [user.firstName ?? '', user.lastName ?? ''];
      assert.ok(
        [parts.join(''), [...parts].reverse().join('')].includes(person.displayName),
        `${user.username}'s display name is made of their first and last names`,
      );
    }
  });

  it('lists the seeded people by organization then name', async () => {
    const { people } = await rpc.call(DirectoryRpc.listPeople, {}, { token: prosecutor });
    assert.equal(people.length, realm.users.length);
    const keys = people.map((p) => `${p.organizationCode} ${p.displayName}`);
    assert.deepEqual(
      keys,
      [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const secretary = people.find((p) => p.username === 'gongga-secretary');
    assert.equal(secretary?.displayName, '卓玛次仁');
    assert.equal(secretary?.organizationCode, 'proc-540522');
    assert.deepEqual(secretary?.roles, ['meeting-secretary']);
  });

  it('narrows by organization and by a part of the name or username', async () => {
    const gongga = await rpc.call(
      DirectoryRpc.listPeople,
      { organizationCode: 'proc-540522' },
      { token: prosecutor },
    );
    assert.deepEqual(gongga.people.map((p) => p.username).sort(), [
      'gongga-chief',
      'gongga-prosecutor',
      'gongga-secretary',
    ]);
    const byName = await rpc.call(DirectoryRpc.listPeople, { search: '卓玛' }, { token: prosecutor });
    assert.deepEqual(byName.people.map((p) => p.username).sort(), ['city-auditor', 'gongga-secretary']);
    const byUsername = await rpc.call(DirectoryRpc.listPeople, { search: 'QUSHUI' }, { token: prosecutor });
    assert.deepEqual(byUsername.people.map((p) => p.username).sort(), ['qushui-chief', 'qushui-prosecutor']);
    const wildcard = await rpc.call(DirectoryRpc.listPeople, { search: '%' }, { token: prosecutor });
    assert.deepEqual(wildcard.people, [], 'a % is a character, not a wildcard');
    const limited = await rpc.call(DirectoryRpc.listPeople, { limit: 2 }, { token: prosecutor });
    assert.equal(limited.people.length, 2);
  });

  it('rejects malformed input and callers without a token', async () => {
    await rejectsWithCode(
      rpc.call(DirectoryRpc.listPeople, { organizationCode: 'gongga' }, { token: prosecutor }),
      ErrorCode.BAD_USER_INPUT,
    );
    await rejectsWithCode(
      rpc.call(DirectoryRpc.listPeople, { search: 'x'.repeat(101) }, { token: prosecutor }),
      ErrorCode.BAD_USER_INPUT,
    );
    await rejectsWithCode(
      rpc.call(DirectoryRpc.listPeople, { limit: 201 }, { token: prosecutor }),
      ErrorCode.BAD_USER_INPUT,
    );
    await rejectsWithCode(rpc.call(DirectoryRpc.listPeople, {}, {}), ErrorCode.UNAUTHENTICATED);
  });
});
