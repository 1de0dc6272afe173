import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '@yiti/config';
import { DevIdpConfig, devIdpStartOptions } from '../src/dev-idp.config.js';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

describe('dev-idp configuration and main', () => {
  it('applies defaults', () => {
    const config = loadConfig('dev-idp', DevIdpConfig, {});
    assert.equal(config.NODE_ENV, 'development');
    assert.deepEqual(devIdpStartOptions(config), { host: '127.0.0.1', port: 8080 });
    const custom = loadConfig('dev-idp', DevIdpConfig, {
      DEV_IDP_PORT: '0',
      DEV_IDP_PUBLIC_URL: 'http://idp.localhost:8080',
    });
    assert.equal(devIdpStartOptions(custom).port, 0);
    assert.equal(devIdpStartOptions(custom).publicUrl, 'http://idp.localhost:8080');
  });

  it('rejects malformed settings', () => {
    assert.throws(
      () => loadConfig('dev-idp', DevIdpConfig, { DEV_IDP_PORT: '70000', DEV_IDP_PUBLIC_URL: 'ftp://x' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /DEV_IDP_PORT/.test(err.message) &&
        /DEV_IDP_PUBLIC_URL/.test(err.message),
    );
  });

  it('refuses to start in production', () => {
    const config = loadConfig('dev-idp', DevIdpConfig, { NODE_ENV: 'production' });
    assert.throws(
      () => devIdpStartOptions(config),
      (err: unknown) => err instanceof ConfigError && /must never run in production/.test(err.message),
    );
    const run = spawnSync(process.execPath, [MAIN], {
      env: { NODE_ENV: 'production', DEV_IDP_PORT: '0' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /must never run in production/);
    assert.equal(run.stdout, '');
  });

  it('main logs one ready line with the URL and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { NODE_ENV: 'development', DEV_IDP_PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout! });
      const [first] = (await once(lines, 'line')) as [string];
      const ready = JSON.parse(first) as { msg: string; url: string; service: string };
      assert.equal(ready.msg, 'ready');
      assert.equal(ready.service, 'dev-idp');
      assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${ready.url}/realms/yiti/.well-known/openid-configuration`);
      assert.equal(res.status, 200);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
