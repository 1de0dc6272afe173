import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import type { BusIdentity } from '@yiti/contracts';
import { startSecuredNats, type SecuredNatsHandle } from '@yiti/devstack';
import { ensureEventStream } from '@yiti/events';

// On the secured bus a service may create the event stream but not change it: a stream left by another version
// is the operator's to bring up to date (npm start does it before the apps start, docs/security.md).
describe('the event stream on the secured bus', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'yiti-stream-config-'));
  const layout = { subjectPrefix: '', eventsStream: 'YITI_EVENTS', auditStream: 'YITI_AUDIT' };
  let nats: SecuredNatsHandle;
  const as = (identity: BusIdentity): Promise<NatsConnection> => nats.connect(identity);

  before(async () => {
    nats = await startSecuredNats({ dataDir: join(scratch, 'data'), layout });
  });
  after(async () => {
    await nats?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('lets a service create it, leaves a matching one alone, and refuses to change another version’s, saying who may', async () => {
    const transfers = await as('transfers');
    const operator = await as('operator');
    try {
      await ensureEventStream(transfers, { name: layout.eventsStream, subjectPrefix: '' });
      await ensureEventStream(transfers, { name: layout.eventsStream, subjectPrefix: '' });
      const jsm = await jetstreamManager(operator);
      const { config } = await jsm.streams.info(layout.eventsStream);
      await jsm.streams.update(layout.eventsStream, { ...config, max_age: nanos(7 * 24 * 3600 * 1000) });
      await assert.rejects(
        ensureEventStream(transfers, { name: layout.eventsStream, subjectPrefix: '' }),
        /another configuration than this version expects, and only the operator may change it/,
      );
      await ensureEventStream(operator, { name: layout.eventsStream, subjectPrefix: '' });
      const fixed = await jsm.streams.info(layout.eventsStream);
      assert.equal(fixed.config.max_age, nanos(30 * 24 * 3600 * 1000));
      await ensureEventStream(transfers, { name: layout.eventsStream, subjectPrefix: '' });
    } finally {
      await transfers.close();
      await operator.close();
    }
  });
});
