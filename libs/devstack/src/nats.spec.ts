import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { terminate } from './children.js';
import { uniqueName } from './databases.js';
import { deleteStreams, ensureNats } from './nats.js';
import { freePort, isPortOpen } from './ports.js';
import { waitFor } from './wait.js';

// The NATS `npm test` provisioned (the machine's own, or one it started).
const SHARED_URL = process.env['YITI_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';

describe('ensureNats', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'devstack-nats-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reuses the running server with JetStream', async () => {
    const nats = await ensureNats({ dataDir, url: SHARED_URL });
    assert.equal(nats.url, SHARED_URL);
    assert.equal(nats.started, false);
    await nats.stop(); // no-op
    assert.equal(await isPortOpen(Number(new URL(SHARED_URL).port)), true);
  });

  it('starts a local nats-server with JetStream when nothing answers, and stops it', async () => {
    const port = await freePort();
    const logs: string[] = [];
    const nats = await ensureNats({ url: `nats://127.0.0.1:${port}`, dataDir, log: (m) => logs.push(m) });
    try {
      assert.equal(nats.started, true);
      assert.equal(nats.url, `nats://127.0.0.1:${port}`);
      assert.ok(logs.some((m) => m.includes('started')));
      const nc = await connect({ servers: nats.url });
      try {
        const jsm = await jetstreamManager(nc);
        const name = uniqueName('devstack_spec');
        await jsm.streams.add({ name, subjects: [`${name}.>`] });
        assert.equal((await jsm.streams.info(name)).config.name, name);
      } finally {
        await nc.close();
      }
    } finally {
      await nats.stop();
    }
    assert.equal(await isPortOpen(port), false);
    assert.match(await readFile(path.join(dataDir, 'nats.log'), 'utf8'), /JetStream/);
  });

  it('refuses an explicitly requested server without JetStream', async () => {
    const port = await freePort();
    const plain = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    try {
      await waitFor(() => isPortOpen(port), { timeoutMs: 10_000, what: 'plain nats-server' });
      await assert.rejects(
        ensureNats({ url: `nats://127.0.0.1:${port}`, dataDir }),
        /JetStream is not available.*-js/s,
      );
    } finally {
      await terminate(plain);
    }
  });
});

describe('deleteStreams', () => {
  it('deletes only the streams with the prefix', async () => {
    const prefix = uniqueName('devstack_del');
    const other = uniqueName('devstack_keep');
    const nc = await connect({ servers: SHARED_URL });
    try {
      const jsm = await jetstreamManager(nc);
      for (const name of [`${prefix}_a`, `${prefix}_b`, other]) {
        await jsm.streams.add({ name, subjects: [`${name}.>`] });
      }
      assert.equal(await deleteStreams(SHARED_URL, prefix), 2);
      const names: string[] = [];
      for await (const name of jsm.streams.names()) names.push(name);
      assert.ok(!names.some((n) => n.startsWith(prefix)));
      assert.ok(names.includes(other));
      await jsm.streams.delete(other);
      assert.equal(await deleteStreams(SHARED_URL, prefix), 0);
    } finally {
      await nc.close();
    }
  });
});
