import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BUS_IDENTITIES, busPermissions } from '@yiti/contracts';
import {
  ensureBusCredentials,
  makeTestTlsFiles,
  productionAuthorization,
  PRODUCTION_BUS_LAYOUT,
} from './nats-auth.js';
import { REPO_ROOT } from './test-stack.js';

const scratch = mkdtempSync(join(tmpdir(), 'yiti-nats-auth-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('NATS identities', () => {
  it('deploy/nats/authorization.conf is what BUS_RULES generate (node tools/nats.mjs authorization)', () => {
    const committed = readFileSync(join(REPO_ROOT, 'deploy/nats/authorization.conf'), 'utf8');
    assert.equal(committed, productionAuthorization());
  });

  it('the production configuration is valid for the pinned nats-server, with TLS and every identity', () => {
    const tls = makeTestTlsFiles(join(scratch, 'tls'));
    const credentials = ensureBusCredentials(join(scratch, 'keys'));
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      YITI_NATS_SERVER_NAME: 'yiti-test',
      YITI_NATS_TLS_CERT: tls.certFile,
      YITI_NATS_TLS_KEY: tls.keyFile,
      YITI_NATS_TLS_CA: tls.caFile,
      YITI_NATS_STORE_DIR: join(scratch, 'store'),
      // bcrypt of "county-leaf-test" (a hash, as `nats server passwd` makes it)
      YITI_LEAF_PASSWORD_HASH: '$2a$11$Jl6PiZ3o6m0o9VWnMBqz3uC2aI2zv0Kc9F6m7Ak0T0fVvI8dB6oXO',
    };
    for (const id of BUS_IDENTITIES) env[`YITI_NKEY_${id.toUpperCase()}`] = credentials[id].publicKey;
    const ok = spawnSync('nats-server', ['-t', '-c', join(REPO_ROOT, 'deploy/nats/nats-server.conf')], {
      env,
      encoding: 'utf8',
    });
    assert.equal(ok.status, 0, ok.stderr + ok.stdout);
    delete env['YITI_NKEY_RECORDS'];
    const missing = spawnSync('nats-server', ['-t', '-c', join(REPO_ROOT, 'deploy/nats/nats-server.conf')], {
      env,
      encoding: 'utf8',
    });
    assert.notEqual(missing.status, 0, 'a missing identity key is a configuration error');
  });

  it('keeps the credentials it generates private and stable, and never in the repository', () => {
    const dir = join(scratch, 'stable');
    const first = ensureBusCredentials(dir);
    const second = ensureBusCredentials(dir);
    assert.deepEqual(second, first);
    for (const id of BUS_IDENTITIES) {
      assert.match(first[id].publicKey, /^U[A-Z2-7]{55}$/);
      const mode = Number(
        execFileSync('stat', ['-c', '%a', first[id].seedFile], { encoding: 'utf8' }).trim(),
      );
      assert.equal(mode, 600, `${id} seed file mode`);
    }
    // git grep exits 1 when nothing matches: that is the expected outcome.
    const found = spawnSync('git', ['grep', '-l', '-E', '\\bSU[A-Z2-7]{56}\\b'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(found.status, 1, `no nkey seed is committed: ${found.stdout}${found.stderr}`);
  });

  it('gives each service only its own requests and events, and the JetStream calls it needs', () => {
    const meetings = busPermissions('meetings', PRODUCTION_BUS_LAYOUT);
    assert.deepEqual(meetings.subscribe.allow, ['_INBOX.meetings.>', 'yiti.meetings.>']);
    assert.ok(meetings.publish.allow.includes('yiti.evt.meetings.>'));
    assert.ok(meetings.publish.allow.includes('yiti.directory.>'));
    assert.ok(
      !meetings.publish.allow.some((s) => s.startsWith('yiti.evt.transfers') || s.startsWith('yiti.records')),
    );
    assert.ok(!meetings.publish.allow.some((s) => /PURGE|DELETE|UPDATE|MSG\.GET|DIRECT|NAMES|LIST/.test(s)));
    const gateway = busPermissions('gateway', PRODUCTION_BUS_LAYOUT);
    assert.deepEqual(gateway.subscribe.allow, ['_INBOX.gateway.>'], 'the gateway answers nothing on the bus');
    assert.ok(!gateway.publish.allow.some((s) => s.startsWith('yiti.evt.')), 'and publishes no event');
  });
});
