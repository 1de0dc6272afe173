import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import { StringValueSchema } from '@bufbuild/protobuf/wkt';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager, type StoredMsg } from '@nats-io/jetstream';
import { createDatabase, deleteStreams, dropDatabase, sleep, uniqueName, waitFor } from '@yiti/devstack';
import { currentRequestContext, JsonLogger, runInRequestContext } from '@yiti/logging';
import { DataSource, type EntityManager } from 'typeorm';
import {
  appendEvent,
  decodeEvent,
  ensureEventStream,
  eventPayload,
  EventConsumer,
  OutboxRelay,
  outboxTablesUp,
  type ConsumedEvent,
  type EventConsumerOptions,
  type OutboxRelayOptions,
} from './index.js';

// Real NATS JetStream and PostgreSQL: the ones `npm test` provisioned, or the machine's own.
const NATS_URL = process.env['YITI_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';
const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('event pipeline (outbox → relay → JetStream → inbox consumer)', () => {
  const dbName = uniqueName('events_spec');
  const stream = uniqueName('events_spec');
  const prefix = `${uniqueName('t')}.`;
  const logs: string[] = [];
  const logger = new JsonLogger('events-spec', 'info', (line) => logs.push(line));
  const running: Array<{ stop(): Promise<void> }> = [];
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let dataSource: DataSource;

  before(async () => {
    const url = await createDatabase(ADMIN_URL, dbName);
    dataSource = new DataSource({ type: 'postgres', url, poolSize: 20 });
    await dataSource.initialize();
    nc = await connect({ servers: NATS_URL });
    jsm = await jetstreamManager(nc);
    await ensureEventStream(nc, { name: stream, subjectPrefix: prefix });
    await ensureEventStream(nc, { name: stream, subjectPrefix: prefix }); // idempotent: the update path
  });

  after(async () => {
    for (const r of running) await r.stop();
    await dataSource?.destroy();
    await nc?.close();
    await deleteStreams(NATS_URL, stream);
    await dropDatabase(ADMIN_URL, dbName);
  });

  /** A service schema with the outbox/inbox tables and an `effect` table the handlers write to. */
  async function serviceSchema(schema: string): Promise<void> {
    const q = dataSource.createQueryRunner();
    try {
      await outboxTablesUp(q, schema);
      await q.query(
        `CREATE TABLE "${schema}"."effect" (n serial, event_id text NOT NULL, value text NOT NULL, stream_seq bigint)`,
      );
    } finally {
      await q.release();
    }
  }

  const subject = (service: string): string => `${prefix}yiti.evt.${service}.thing.created.v1`;

  async function append(schema: string, value: string, manager?: EntityManager): Promise<string> {
    const event = {
      subject: subject(schema),
      payload: eventPayload(StringValueSchema, create(StringValueSchema, { value })),
    };
    if (manager) return appendEvent(manager, schema, event);
    return dataSource.transaction((m) => appendEvent(m, schema, event));
  }

  function relay(schema: string, extra: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const r = new OutboxRelay({ dataSource, schema, nc, logger, pollIntervalMs: 1000, ...extra });
    r.start();
    running.push(r);
    return r;
  }

  /** A consumer whose handler records the event in `<schema>.effect` in the inbox transaction. */
  async function consumer(schema: string, extra: Partial<EventConsumerOptions> = {}): Promise<EventConsumer> {
    const c = new EventConsumer({
      nc,
      stream,
      durableName: `${schema}_effects`,
      filterSubject: `${prefix}yiti.evt.${schema}.>`,
      dataSource,
      schema,
      logger,
      handle: async (event, manager) => {
        const { value } = decodeEvent(StringValueSchema, event);
        await manager.query(
          `INSERT INTO "${schema}"."effect" (event_id, value, stream_seq) VALUES ($1, $2, $3)`,
          [event.id, value, event.streamSequence],
        );
      },
      ...extra,
    });
    await c.start();
    running.push(c);
    return c;
  }

  async function count(sql: string): Promise<number> {
    const rows: Array<{ n: string }> = await dataSource.query(sql);
    return Number(rows[0]!.n);
  }

  /** Messages the event stream holds on the schema's subjects (JetStream dropped duplicates). */
  async function inStream(schema: string): Promise<number> {
    const info = await jsm.streams.info(stream, { subjects_filter: `${prefix}yiti.evt.${schema}.>` });
    return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  }

  async function effectsReach(schema: string, n: number, timeoutMs = 20_000): Promise<void> {
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM "${schema}"."effect"`)) >= n, {
      timeoutMs,
      what: `${n} effects in ${schema}`,
    });
  }

  it('publishes an event only when its transaction commits, with the request id across the hop', async () => {
    await serviceSchema('s1');
    await assert.rejects(
      dataSource.transaction(async (m) => {
        await append('s1', 'rolled back', m);
        throw new Error('state change failed');
      }),
      /state change failed/,
    );
    await assert.rejects(append('s1', 'no tx', dataSource.manager), /inside the transaction/);
    assert.equal(await count(`SELECT count(*) AS n FROM "s1"."outbox"`), 0);

    const seen: Array<{ value: string; requestId: string | undefined }> = [];
    await consumer('s1', {
      handle: async (event) => {
        seen.push({
          value: decodeEvent(StringValueSchema, event).value,
          requestId: currentRequestContext()?.requestId,
        });
        logger.event('info', 'handled in spec');
      },
    });
    // No polling to speak of: only the NOTIFY sent at commit can wake this relay in time.
    const r = relay('s1', { pollIntervalMs: 60_000 });
    await sleep(300);
    const id = await runInRequestContext({ requestId: 'req-events-0001' }, () => append('s1', 'committed'));
    await waitFor(async () => seen.length >= 1, { timeoutMs: 10_000, what: 'the committed event' });
    await sleep(300);
    assert.deepEqual(seen, [{ value: 'committed', requestId: 'req-events-0001' }]);
    assert.equal(await inStream('s1'), 1);
    assert.equal(r.stats.published, 1);
    assert.equal(
      await count(`SELECT count(*) AS n FROM "s1"."outbox" WHERE published_at IS NOT NULL AND id = '${id}'`),
      1,
    );
    assert.ok(logs.some((l) => l.includes('handled in spec') && l.includes('"requestId":"req-events-0001"')));
  });

  it('publishes 500 events exactly once in seq order; the consumer has exactly 500 effects', async () => {
    await serviceSchema('s2');
    const r = relay('s2');
    const c = await consumer('s2');
    const started = Date.now();
    for (let i = 0; i < 500; i++) await append('s2', String(i));
    await effectsReach('s2', 500);
    await sleep(300);
    const ms = Date.now() - started;
    assert.equal(await count(`SELECT count(*) AS n FROM "s2"."effect"`), 500);
    assert.equal(await count(`SELECT count(DISTINCT event_id) AS n FROM "s2"."effect"`), 500);
    assert.equal(await count(`SELECT count(*) AS n FROM "s2"."inbox"`), 500);
    assert.equal(await count(`SELECT count(*) AS n FROM "s2"."outbox" WHERE published_at IS NULL`), 0);
    assert.equal(await inStream('s2'), 500);
    assert.equal(r.stats.published, 500);
    assert.equal(c.stats.handled, 500);
    const order: Array<{ value: string }> = await dataSource.query(
      `SELECT value FROM "s2"."effect" ORDER BY stream_seq`,
    );
    assert.deepEqual(
      order.map((o) => Number(o.value)),
      Array.from({ length: 500 }, (_, i) => i),
    );
    logger.event('info', 'timing', { test: '500 events', ms });
  });

  it('has no second effect when an event is delivered again', async () => {
    await serviceSchema('s3');
    relay('s3');
    const c = await consumer('s3');
    await append('s3', 'once');
    await effectsReach('s3', 1);
    const [row] = (await dataSource.query(`SELECT event_id, stream_seq FROM "s3"."effect"`)) as Array<{
      event_id: string;
      stream_seq: string;
    }>;
    const event: ConsumedEvent = {
      id: row!.event_id,
      subject: subject('s3'),
      payload: eventPayload(StringValueSchema, create(StringValueSchema, { value: 'once' })),
      headers: {},
      deliveryCount: 2,
      streamSequence: Number(row!.stream_seq),
    };
    assert.equal(await c.process(event), 'duplicate');

    // A real redelivery: the durable is deleted and made again, so the whole stream is delivered anew.
    await c.stop();
    await jsm.consumers.delete(stream, 's3_effects');
    const again = await consumer('s3');
    await waitFor(async () => again.stats.duplicates >= 1, { timeoutMs: 10_000, what: 'the redelivery' });
    assert.equal(again.stats.handled, 0);
    await again.stop();
    const updated = await consumer('s3', { ackWaitMs: 20_000 }); // an existing durable is updated in place
    assert.equal((await jsm.consumers.info(stream, 's3_effects')).config.ack_wait, 20_000_000_000);
    await sleep(200);
    assert.equal(updated.stats.handled + updated.stats.duplicates, 0);
    assert.equal(await count(`SELECT count(*) AS n FROM "s3"."effect"`), 1);
  });

  it('two relays over the same outbox publish each event once in effect', async () => {
    await serviceSchema('s4');
    const a = relay('s4', { batchSize: 20 });
    const b = relay('s4', { batchSize: 20 });
    await consumer('s4');
    const n = 400;
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < n / 8; i++) await append('s4', `${w}-${i}`);
      }),
    );
    await effectsReach('s4', n);
    await sleep(300);
    assert.equal(await count(`SELECT count(*) AS n FROM "s4"."effect"`), n);
    assert.equal(await count(`SELECT count(DISTINCT value) AS n FROM "s4"."effect"`), n);
    assert.equal(await inStream('s4'), n);
    assert.equal(a.stats.published + b.stats.published, n, 'SKIP LOCKED: no row was published by both');
    logger.event('info', 'two relays', { a: a.stats.published, b: b.stats.published });
  });

  it('loses nothing when a relay dies between publishing and marking, or is restarted repeatedly', async () => {
    await serviceSchema('s5');
    await consumer('s5');
    let crashes = 0;
    // Dies after publishing its first three batches, before the UPDATE commits: the batch is published again.
    const crashing = relay('s5', {
      batchSize: 10,
      afterPublish: () => {
        if (crashes++ < 3) throw new Error('relay killed before marking');
      },
    });
    for (let i = 0; i < 30; i++) await append('s5', `a${i}`);
    await effectsReach('s5', 30);
    await crashing.stop();
    assert.ok(
      crashing.stats.duplicates >= 10,
      `JetStream dropped re-published events (${crashing.stats.duplicates})`,
    );

    // Stop/start while events flow.
    let r = relay('s5', { batchSize: 7 });
    const writer = (async () => {
      for (let i = 0; i < 200; i++) await append('s5', `b${i}`);
    })();
    while ((await count(`SELECT count(*) AS n FROM "s5"."outbox"`)) < 230) {
      await sleep(20);
      await r.stop();
      r = relay('s5', { batchSize: 7 });
    }
    await writer;
    await effectsReach('s5', 230);
    await sleep(300);
    assert.equal(await count(`SELECT count(*) AS n FROM "s5"."effect"`), 230);
    assert.equal(await count(`SELECT count(DISTINCT value) AS n FROM "s5"."effect"`), 230);
    assert.equal(await inStream('s5'), 230);
  });

  it('dead-letters an event whose handler always fails after maxDeliver attempts, and stops redelivering', async () => {
    await serviceSchema('s6');
    let attempts = 0;
    await consumer('s6', {
      maxDeliver: 3,
      retryDelayMs: 50,
      handle: async (_event, manager) => {
        attempts++;
        await manager.query(`INSERT INTO "s6"."effect" (event_id, value) VALUES ('x', 'rolled back')`);
        throw new Error('handler always fails');
      },
    });
    relay('s6');
    const id = await append('s6', 'poison');
    const dlq = `${prefix}yiti.dlq.s6_effects`;
    let dead: StoredMsg | null = null;
    await waitFor(
      async () =>
        (dead = await jsm.streams.getMessage(`${stream}_DLQ`, { last_by_subj: dlq }).catch(() => null)) !==
        null,
      { timeoutMs: 10_000, what: 'the dead letter' },
    );
    await sleep(1000);
    assert.equal(attempts, 3);
    const info = await jsm.consumers.info(stream, 's6_effects');
    assert.equal(info.num_pending, 0);
    assert.equal(info.num_ack_pending, 0);
    assert.equal(dead!.header.get('Yiti-Event-Id'), id);
    assert.equal(dead!.header.get('Yiti-Dead-Letter-Error'), 'handler always fails');
    assert.equal(decodeEvent(StringValueSchema, { payload: dead!.data } as ConsumedEvent).value, 'poison');
    assert.equal(await count(`SELECT count(*) AS n FROM "s6"."effect"`), 0);
    assert.equal(await count(`SELECT count(*) AS n FROM "s6"."inbox"`), 0);
    assert.ok(logs.some((l) => l.includes('event dead-lettered')));
  });
});
