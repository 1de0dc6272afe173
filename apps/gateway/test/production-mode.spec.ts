import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect, nkeyAuthenticator } from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';
import {
  freePort,
  REPO_ROOT,
  startProcess,
  startTestStack,
  type ManagedProcess,
  type TestStack,
} from '@yiti/devstack';

/** A gateway started with NODE_ENV=production beside the test stack. */
describe('gateway in production mode', () => {
  let stack: TestStack;
  let gateway: ManagedProcess;
  let url: string;
  let token: string;

  const post = async (query: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return {
      status: res.status,
      body: (await res.json()) as {
        data?: unknown;
        errors?: Array<{ message: string; extensions?: { code?: string } }>;
      },
    };
  };

  before(async () => {
    stack = await startTestStack({ natsTls: true });
    const port = await freePort();
    gateway = await startProcess({
      name: 'gateway-production',
      args: [join(REPO_ROOT, 'apps/gateway/dist/src/main.js')],
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin',
        NODE_ENV: 'production',
        ...stack.natsEnv('gateway'),
        NATS_SUBJECT_PREFIX: stack.subjectPrefix,
        KEYCLOAK_URL: stack.idpUrl,
        PORT: String(port),
        METRICS_PORT: '0',
      },
    });
    url = `http://127.0.0.1:${port}/graphql`;
    token = await stack.login('gongga-prosecutor');
  });

  after(async () => {
    await gateway?.stop();
    await stack?.stop();
  });

  it('runs the whole stack over NATS with TLS (a certificate made for this test), and refuses a client without it', async () => {
    assert.match(stack.natsUrl, /^tls:\/\//);
    assert.ok(stack.natsTlsCaFile);
    const seed = new TextEncoder().encode(
      readFileSync(stack.natsCredentials.gateway.seedFile, 'utf8').trim(),
    );
    const plain = stack.natsUrl.replace(/^tls:/, 'nats:');
    // A valid identity, but no TLS: the server requires it before anything else is said.
    await assert.rejects(
      connect({
        servers: plain,
        authenticator: nkeyAuthenticator(seed),
        maxReconnectAttempts: 0,
        timeout: 3000,
      }),
    );
    // With TLS but trusting no CA of ours, the server's certificate is refused.
    await assert.rejects(
      connect({
        servers: stack.natsUrl,
        tls: {},
        authenticator: nkeyAuthenticator(seed),
        maxReconnectAttempts: 0,
        timeout: 3000,
      }),
    );
    const nc = await stack.connectNats('gateway');
    await nc.close();
  });

  it('serves ordinary queries', async () => {
    const { body } = await post('{ me { username } }');
    assert.deepEqual(body.data, { me: { username: 'gongga-prosecutor' } });
  });

  it('turns introspection off', async () => {
    const { body } = await post('{ __schema { types { name } } }');
    assert.equal(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.equal(body.data, undefined);
  });

  it('gives no field suggestions', async () => {
    const { body } = await post('{ organizaton(code: "proc-540522") { code } }');
    assert.equal(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.doesNotMatch(JSON.stringify(body), /Did you mean|organization/);
  });

  it('serves no GraphQL IDE: the page and its assets answer 404', async () => {
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 404);
    assert.deepEqual(await page.json(), {
      errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }],
    });
    for (const asset of ['/ide/graphiql.min.js', '/ide/start.js']) {
      assert.equal((await fetch(new URL(asset, url))).status, 404, asset);
    }
  });

  it('limits depth and aliases without revealing the limits', async () => {
    const deep = `{ organization(code: "proc-540522") { ${'superior { '.repeat(12)}code${' }'.repeat(12)} } }`;
    const aliases = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { username }`).join(' ')} }`;
    for (const query of [deep, aliases]) {
      const { body } = await post(query);
      assert.equal(body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
      assert.equal(body.data, undefined);
      assert.doesNotMatch(JSON.stringify(body.errors), /\d/, 'the message names no numbers');
    }
  });
});
