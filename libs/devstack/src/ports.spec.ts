import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { uniqueName, databaseUrl } from './databases.js';
import { freePort, isPortFree, isPortOpen } from './ports.js';
import { waitFor } from './wait.js';

describe('ports', () => {
  it('freePort returns the preferred port when free, another one when taken', async () => {
    const port = await freePort();
    assert.equal(await freePort(port), port);
    const server = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      assert.equal(await isPortFree(port), false);
      assert.equal(await isPortOpen(port), true);
      const other = await freePort(port);
      assert.notEqual(other, port);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    assert.equal(await isPortOpen(port), false);
  });
});

describe('waitFor', () => {
  it('resolves once the condition holds', async () => {
    let n = 0;
    await waitFor(async () => ++n >= 3, { intervalMs: 10, timeoutMs: 1000 });
    assert.equal(n, 3);
  });

  it('times out with the description and the last error', async () => {
    await assert.rejects(
      waitFor(
        async () => {
          throw new Error('still booting');
        },
        { timeoutMs: 100, intervalMs: 20, what: 'the widget' },
      ),
      /Timed out after 100 ms waiting for the widget \(last error: still booting\)/,
    );
  });
});

describe('names', () => {
  it('uniqueName is a valid, unique db/stream name', () => {
    const a = uniqueName('yiti_test');
    const b = uniqueName('yiti_test');
    assert.notEqual(a, b);
    assert.match(a, /^yiti_test_[a-z0-9]+_[a-z0-9]{6}$/);
    assert.match(uniqueName('Yiti-Test.x'), /^yiti_test_x_/);
    assert.ok(uniqueName('x'.repeat(100)).length <= 63);
  });

  it('databaseUrl swaps only the database', () => {
    assert.equal(
      databaseUrl('postgres://postgres:pw@127.0.0.1:5432/postgres?sslmode=disable', 'app_db'),
      'postgres://postgres:pw@127.0.0.1:5432/app_db?sslmode=disable',
    );
    assert.throws(() => databaseUrl('postgres://h/postgres', 'Bad-Name'), /Invalid database name/);
  });
});
