import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestStack, type TestStack } from '@yiti/devstack';
import { codeOf, ok } from './helpers.js';

const PEOPLE = `query($org: String, $search: String, $first: Int) {
  people(organizationCode: $org, search: $search, first: $first) {
    username displayName organizationCode roles organization { code nameZh } } }`;

interface People {
  people: {
    username: string;
    displayName: string;
    organizationCode: string;
    roles: string[];
    organization: { code: string; nameZh: string } | null;
  }[];
}

/** `people`: the directory's people for any signed-in user, checked at the gateway before NATS. */
describe('gateway people', () => {
  let stack: TestStack;
  let token: string;

  before(async () => {
    stack = await startTestStack();
    token = await stack.login('gongga-secretary');
  });
  after(async () => {
    await stack?.stop();
  });

  it('lists people by name and organization, each with their organization from the directory', async () => {
    const qushui = ok(await stack.graphql<People>(PEOPLE, { token, variables: { org: 'proc-540124' } }));
    assert.deepEqual(qushui.people.map((p) => [p.username, p.displayName, p.organization?.nameZh]).sort(), [
      ['qushui-chief', '索朗达瓦', '曲水县人民检察院'],
      ['qushui-prosecutor', '陈明', '曲水县人民检察院'],
    ]);
    const found = ok(await stack.graphql<People>(PEOPLE, { token, variables: { search: '  拉巴 ' } }));
    assert.deepEqual(
      found.people.map((p) => p.username),
      ['gongga-chief'],
      'the search is trimmed',
    );
    assert.deepEqual(found.people[0]?.roles.sort(), ['chief-prosecutor', 'prosecutor']);
  });

  it('refuses malformed arguments with BAD_USER_INPUT and callers without a token', async () => {
    for (const variables of [{ org: 'gongga' }, { search: 'x'.repeat(101) }, { first: 0 }, { first: 201 }]) {
      const r = await stack.graphql<People>(PEOPLE, { token, variables });
      assert.equal(codeOf(r), 'BAD_USER_INPUT', JSON.stringify(variables));
    }
    const anonymous = await stack.graphql<People>(PEOPLE, { variables: {} });
    assert.equal(codeOf(anonymous), 'UNAUTHENTICATED');
  });
});
