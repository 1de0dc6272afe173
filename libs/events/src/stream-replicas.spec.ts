import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { startSecuredNats, uniqueName, type SecuredNatsHandle } from '@yiti/devstack';
import { ensureEventStream, eventStreamOf } from './index.js';

/** A loopback three-node cluster (the secured servers the stacks run): R3 is possible only there. */
describe('ensureEventStream on a cluster', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'yiti-stream-replicas-'));
  const layout = { subjectPrefix: `${uniqueName('t')}.`, eventsStream: uniqueName('EVT'), auditStream: 'A' };
  let nats: SecuredNatsHandle;
  let nc: NatsConnection;

  before(async () => {
    nats = await startSecuredNats({ dataDir: scratch, layout, nodes: 3, serverTags: ['site:shannan'] });
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

  it('keeps events for the configured days, on the servers of the configured tags (eventStreamOf)', async () => {
    const stream = eventStreamOf({
      EVENTS_STREAM: uniqueName('EVT_CFG'),
      JETSTREAM_REPLICAS: 3,
      EVENTS_MAX_AGE_DAYS: 7,
      JETSTREAM_PLACEMENT_TAGS: ' site:shannan ,',
    });
    assert.deepEqual(stream.placementTags, ['site:shannan']);
    const opts = { ...stream, subjectPrefix: `${uniqueName('c')}.` };
    const { events, deadLetters } = await ensureEventStream(nc, opts);
    assert.equal(events.config.max_age, 7 * 24 * 3600 * 1e9);
    assert.deepEqual(events.config.placement?.tags, ['site:shannan']);
    assert.deepEqual(deadLetters.config.placement?.tags, ['site:shannan']);
    // At the next boot, the stream as configured is left alone (a service could not change it).
    const again = await ensureEventStream(nc, opts);
    assert.equal(again.events.created, events.created);
    // Tags no server carries: JetStream refuses to place the stream, and the service's boot fails with it.
    await assert.rejects(
      ensureEventStream(nc, {
        ...opts,
        name: uniqueName('EVT_NOWHERE'),
        subjectPrefix: `${uniqueName('n')}.`,
        placementTags: ['site:lhasa'],
      }),
      /no suitable peers|insufficient resources/i,
    );
  });
});
