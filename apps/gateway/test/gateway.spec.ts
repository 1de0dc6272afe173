import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NatsConnection } from '@nats-io/transport-node';
import { startTestStack, type TestStack } from '@yiti/devstack';
import { CommonReason, DirectoryReason, DirectoryRpc, ERROR_REASONS } from '@yiti/contracts';
import { CLIENT_ERROR_CODES } from '../src/errors/error-codes.js';
import { reasonOf, zhOf } from './helpers.js';

const CODES = new Set<string>(CLIENT_ERROR_CODES);

/** The gateway over the real stack: dev identity provider, NATS, directory, PostgreSQL. */
describe('gateway', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let prosecutor: string;
  let admin: string;

  const codeOf = (result: { errors?: Array<{ extensions?: { code?: string } }> }) => {
    const code = result.errors?.[0]?.extensions?.code;
    assert.ok(code && CODES.has(code), `unexpected error code ${String(code)}`);
    return code;
  };

  before(async () => {
    stack = await startTestStack({ env: { RPC_TIMEOUT_MS: '1500', LOG_LEVEL: 'debug' } });
    nc = await stack.connectNats();
    prosecutor = await stack.login('gongga-prosecutor');
    admin = await stack.login('directory-admin');
  });

  after(async () => {
    await nc?.close();
    await stack?.stop();
  });

  it('answers `me` from the verified token, with the organization from the directory', async () => {
    const r = await stack.graphql<{
      me: { username: string; organizationCode: string; roles: string[]; organization: { nameZh: string } };
    }>('{ me { username organizationCode roles organization { nameZh } } }', { token: prosecutor });
    assert.equal(r.errors, undefined);
    assert.deepEqual(r.data?.me, {
      username: 'gongga-prosecutor',
      organizationCode: 'proc-540522',
      roles: ['prosecutor'],
      organization: { nameZh: '贡嘎县人民检察院' },
    });
  });

  it('refuses every broken token with UNAUTHENTICATED and accepts a valid one', async () => {
    const ok = await stack.graphql('{ me { username } }', { token: await stack.tokens.valid() });
    assert.equal(ok.errors, undefined);
    for (const { name, token } of await stack.tokens.badTokens()) {
      const r = await stack.graphql('{ me { username } }', { token });
      assert.equal(codeOf(r), 'UNAUTHENTICATED', name);
      assert.equal(r.data ?? null, null, name);
    }
  });

  it('serves the directory queries', async () => {
    const r = await stack.graphql<Record<string, any>>(
      `{ commonSuperior(first: "proc-540522", second: "proc-540124") { code nameZh }
         division(code: "542223") { matchedLegacyCode division { code nameZh parent { code } } }
         basin(code: "yarlung-tsangpo") { members { code } }
         organization(code: "proc-549999") { code } }`,
      { token: prosecutor },
    );
    assert.equal(r.errors, undefined);
    assert.deepEqual(r.data?.['commonSuperior'], { code: 'proc-540000', nameZh: '西藏自治区人民检察院' });
    assert.deepEqual(r.data?.['division'], {
      matchedLegacyCode: true,
      division: { code: '540522', nameZh: '贡嘎县', parent: { code: '540500' } },
    });
    assert.equal(r.data?.['basin'].members.length, 6);
    assert.equal(r.data?.['organization'], null);
  });

  it('resolves the organizations of a list in one NATS request (DataLoader)', async () => {
    const seen = { organizations: 0, divisions: 0 };
    const subs = [
      nc.subscribe(stack.subjectPrefix + DirectoryRpc.getOrganizations.subject, {
        callback: () => void seen.organizations++,
      }),
      nc.subscribe(stack.subjectPrefix + DirectoryRpc.listDivisions.subject, {
        callback: () => void seen.divisions++,
      }),
    ];
    await nc.flush();
    const r = await stack.graphql<{ organizations: unknown[] }>(
      '{ organizations { code superior { code nameZh } division { code } city { code } } }',
      { token: prosecutor },
    );
    await nc.flush();
    subs.forEach((s) => s.unsubscribe());
    assert.equal(r.errors, undefined);
    assert.ok(r.data!.organizations.length >= 45);
    assert.deepEqual(seen, { organizations: 1, divisions: 1 });
  });

  it('maps bad input to BAD_USER_INPUT without leaking internals', async () => {
    const cases = [
      '{ organization(code: "not-a-code") { code } }',
      '{ organizations(filter: { cityCode: "5405" }) { code } }',
      '{ organizations(filter: { basinCode: "\'; DROP TABLE x; --" }) { code } }',
      '{ organizations(filter: { kind: NOT_A_KIND }) { code } }',
      '{ organization { code } }',
      '{ nope }',
      '{ me { username ',
    ];
    for (const query of cases) {
      const r = await stack.graphql(query, { token: prosecutor });
      assert.equal(codeOf(r), 'BAD_USER_INPUT', query);
      assert.doesNotMatch(
        JSON.stringify(r),
        /stack|Exception|at \w+ \(|node_modules|QueryFailed|SELECT/i,
        query,
      );
    }
    const wrongVariable = await stack.graphql('query($c: String!) { organization(code: $c) { code } }', {
      token: prosecutor,
      variables: { c: 42 },
    });
    assert.equal(codeOf(wrongVariable), 'BAD_USER_INPUT');
  });

  it('validates input at the gateway, before anything reaches NATS', async () => {
    let sent = 0;
    const sub = nc.subscribe(stack.subjectPrefix + DirectoryRpc.listOrganizations.subject, {
      callback: () => void sent++,
    });
    await nc.flush();
    const r = await stack.graphql<unknown>(
      '{ organizations(filter: { cityCode: "5405", basinCode: "X" }) { code } }',
      {
        token: prosecutor,
      },
    );
    await nc.flush();
    sub.unsubscribe();
    assert.equal(codeOf(r), 'BAD_USER_INPUT');
    assert.match(r.errors![0]!.message, /cityCode/);
    assert.match(r.errors![0]!.message, /basinCode/);
    assert.equal(sent, 0);
  });

  it('passes typed service errors through: NOT_FOUND, CONFLICT, FORBIDDEN', async () => {
    const notFound = await stack.graphql(
      '{ commonSuperior(first: "proc-540000", second: "proc-540522") { code } }',
      {
        token: prosecutor,
      },
    );
    assert.equal(codeOf(notFound), 'NOT_FOUND');
    assert.equal(reasonOf(notFound), 'DIRECTORY_NO_SUPERIOR');
    assert.equal(zhOf(notFound), DirectoryReason.NO_SUPERIOR.zh);
    const mutation =
      'mutation { createOrganization(input: { kind: MILITARY, divisionCode: "540100", nameZh: "拉萨军分区" }) { code } }';
    assert.equal(codeOf(await stack.graphql(mutation, { token: prosecutor })), 'FORBIDDEN');
    const created = await stack.graphql<{ createOrganization: { code: string } }>(mutation, { token: admin });
    assert.equal(created.data?.createOrganization.code, 'military-540100');
    const retried = await stack.graphql<{ createOrganization: { code: string } }>(mutation, { token: admin });
    assert.deepEqual(retried.data, created.data);
    const other = mutation.replace('拉萨军分区', '另一个');
    const conflict = await stack.graphql(other, { token: admin });
    assert.equal(codeOf(conflict), 'CONFLICT');
    assert.equal(reasonOf(conflict), 'DIRECTORY_ORGANIZATION_EXISTS');
  });

  it("gives every error a reason with its zh-CN message: the guard's, the document's, the variables'", async () => {
    const cases: [string, Parameters<TestStack['graphql']>[1], string][] = [
      ['{ me { username } }', {}, 'UNAUTHENTICATED'],
      [
        'mutation { createOrganization(input: { kind: MILITARY, divisionCode: "540100", nameZh: "某部" }) { code } }',
        { token: prosecutor },
        'MISSING_ROLE',
      ],
      ['{ me { username ', { token: prosecutor }, 'QUERY_SYNTAX'],
      ['{ nope }', { token: prosecutor }, 'QUERY_INVALID'],
      ['{ organizations(filter: { nope: "x" }) { code } }', { token: prosecutor }, 'QUERY_INVALID'],
      [
        'query($f: OrganizationFilter) { organizations(filter: $f) { code } }',
        { token: prosecutor, variables: { f: { nope: 'x' } } },
        'VARIABLE_INVALID',
      ],
      ['{ organizations(filter: { cityCode: "5405" }) { code } }', { token: prosecutor }, 'FIELD_INVALID'],
    ];
    for (const [query, options, reason] of cases) {
      const r = await stack.graphql(query, options);
      assert.equal(reasonOf(r), reason, `${query}: ${JSON.stringify(r.errors)}`);
    }
    const forbidden = await stack.graphql(cases[1]![0], cases[1]![1]);
    assert.equal(zhOf(forbidden), CommonReason.MISSING_ROLE.zh);
  });

  it('lists the reason catalogue for any signed-in user', async () => {
    const r = await stack.graphql<{
      errorReasons: { reason: string; code: string; domain: string; messageZh: string; messageEn: string }[];
    }>('{ errorReasons { reason code domain messageZh messageEn } }', { token: prosecutor });
    assert.equal(r.errors, undefined);
    assert.equal(r.data!.errorReasons.length, ERROR_REASONS.length);
    assert.deepEqual(
      r.data!.errorReasons.find((e) => e.reason === 'TRANSFER_ILLEGAL_MOVE'),
      {
        reason: 'TRANSFER_ILLEGAL_MOVE',
        code: 'CONFLICT',
        domain: 'transfers',
        messageZh: '移送当前的状态不允许此操作。',
        messageEn: 'The transfer is in a state that does not allow this.',
      },
    );
    assert.equal(reasonOf(await stack.graphql('{ errorReasons { reason } }', {})), 'UNAUTHENTICATED');
  });

  it('carries the request id from the client through the gateway to the service logs', async () => {
    const requestId = `it-${Date.now()}-trace`;
    const r = await stack.graphql('{ organizations(filter: { divisionCode: "540522" }) { code } }', {
      token: prosecutor,
      headers: { 'x-request-id': requestId },
    });
    assert.equal(r.errors, undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = stack.processes.directory!.lines().filter((l) => l.includes(requestId));
    assert.ok(lines.length > 0, 'the directory logged the request with the same request id');
    assert.equal(JSON.parse(lines[0]!).requestId, requestId);
  });

  it('refuses cross-site requests without a preflight (CSRF prevention)', async () => {
    const text = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${prosecutor}` },
      body: JSON.stringify({ query: '{ me { username } }' }),
    });
    assert.equal(text.status, 400);
    const get = await fetch(`${stack.graphqlUrl}?query=${encodeURIComponent('{ me { username } }')}`, {
      headers: { authorization: `Bearer ${prosecutor}` },
    });
    assert.equal(get.status, 400);
  });

  it('answers TIMEOUT when a service hangs and SERVICE_UNAVAILABLE when it is gone, within the timeout', async () => {
    const directory = stack.processes.directory!;
    process.kill(directory.pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const r = await stack.graphql('{ organizations { code } }', { token: prosecutor });
      assert.equal(codeOf(r), 'TIMEOUT');
      assert.ok(Date.now() - started < 3000, 'answered within the 1.5 s RPC timeout');
    } finally {
      process.kill(directory.pid, 'SIGCONT');
    }

    await directory.stop();
    const started = Date.now();
    const r = await stack.graphql('{ organizations { code } }', { token: prosecutor });
    assert.equal(codeOf(r), 'SERVICE_UNAVAILABLE');
    assert.ok(Date.now() - started < 1500);
    const ready = await fetch(`${stack.gatewayUrl}/health/ready`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: 'unavailable' }, 'the public probe says no more');
    const detail = await fetch(stack.metricsUrl.replace(/metrics$/, 'health/ready'));
    assert.equal(detail.status, 503);
    assert.equal(
      ((await detail.json()) as { checks: Record<string, string> }).checks['directory'],
      'The directory service is not available.',
    );

    await stack.start('directory');
    const again = await stack.graphql('{ organizations(filter: { divisionCode: "540522" }) { code } }', {
      token: prosecutor,
    });
    assert.equal(again.errors, undefined);
  });
});
