import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { startSecuredNats, uniqueName, type SecuredNatsHandle } from '@yiti/devstack';
import { ensureEventStream } from './index.js';

/** A loopback three-node cluster (the secured servers the stacks run): R3 is possible only there. */
describe('ensureEventStream on a cluster', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'yiti-stream-replicas-'));
  const layout = { subjectPrefix: `${uniqueName('t')}.`, eventsStream: uniqueName('EVT'), auditStream: 'A' };
  let nats: SecuredNatsHandle;
  let nc: NatsConnection;

  before(async () => {
    nats = await startSecuredNats({ dataDir: scratch, layout, nodes: 3 });
    nc = await nats.connect('operator');
  });

  after(async () => {
    await nc?.close();
    await nats?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('grows a stream to the replicas asked for and never shrinks it, even as the operator', async () => {
    const opts = { name: layout.eventsStream, subjectPrefix: layout.subjectPrefix };
    assert.equal((await ensureEventStream(nc, { ...opts, replicas: 1 })).events.config.num_replicas, 1);
    const grown = await ensureEventStream(nc, { ...opts, replicas: 3 });
    assert.equal(grown.events.config.num_replicas, 3);
    assert.equal(grown.deadLetters.config.num_replicas, 3);
    // An instance booting with the default (1) or a stale value leaves both streams on three servers.
    const again = await ensureEventStream(nc, { ...opts, replicas: 1 });
    assert.equal(again.events.config.num_replicas, 3);
    assert.equal(again.deadLetters.config.num_replicas, 3);
    const jsm = await jetstreamManager(nc);
    assert.equal((await jsm.streams.info(layout.eventsStream)).config.num_replicas, 3);
  });
});
