import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { startTestStack, type TestStack } from '@yiti/devstack';
import { TransfersRpc } from '@yiti/contracts';
import { InboxProbe } from '@yiti/events';
import { RpcClient } from '@yiti/messaging';
import { lead } from './fixtures.js';

const SENDS = 1000;
const WORKERS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * kill -9 of the transfers process while 1,000 sends run, each retried with its own idempotency key until it
 * succeeds: afterwards every send exists exactly once, and every event was published and consumed exactly once
 * in effect (one inbox row per outbox event).
 */
describe('idempotent sends under kill -9', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: DataSource;
  let probe: InboxProbe;
  let token: string;

  before(async () => {
    stack = await startTestStack();
    nc = await stack.connectNats();
    rpc = new RpcClient(nc, 3000, undefined, stack.subjectPrefix);
    db = await new DataSource({ type: 'postgres', url: stack.databaseUrl }).initialize();
    probe = await InboxProbe.start({
      nc,
      stream: stack.eventsStream,
      filterSubject: `${stack.subjectPrefix}yiti.evt.transfers.>`,
      dataSource: db,
      schema: 'crash_consumer',
      durableName: 'transfer-crash-test',
    });
    token = await stack.login('gongga-prosecutor');
  });

  after(async () => {
    await probe?.stop();
    await db?.destroy();
    await nc?.close();
    await stack?.stop();
  });

  it('makes every send exactly once and consumes every event once in effect', async () => {
    let failures = 0;
    let next = 0;
    const ids = new Map<number, string>();
    const worker = async () => {
      for (let n = next++; n < SENDS; n = next++) {
        const request = {
          content: lead({ summary: `崩溃测试线索 ${n}` }),
          idempotencyKey: `crash-send-${n}`,
        };
        for (;;) {
          try {
            const { transfer } = await rpc.call(TransfersRpc.send, request, { token });
            ids.set(n, transfer!.id);
            break;
          } catch {
            failures++;
            await sleep(100);
          }
        }
      }
    };
    const committed = async () =>
      Number((await db.query(`SELECT count(*) AS n FROM transfers.transfer`))[0].n as string);

    const work = Promise.all(Array.from({ length: WORKERS }, worker));
    while ((await committed()) < 300) await sleep(20);
    await stack.processes.transfers!.kill9();
    await sleep(300);
    await stack.start('transfers');
    await work;

    assert.ok(failures > 0, 'the kill interrupted some sends');
    assert.equal(await committed(), SENDS, 'every send exists exactly once');
    assert.equal(new Set(ids.values()).size, SENDS, 'each send answered with its own transfer');
    const summaries = await db.query(`SELECT count(DISTINCT summary) AS n FROM transfers.transfer`);
    assert.equal(Number(summaries[0].n), SENDS);
    const outbox: Array<{ id: string }> = await db.query('SELECT id FROM transfers.outbox');
    assert.equal(outbox.length, SENDS, 'one `sent` event per transfer');

    assert.deepEqual(await probe.eventIds(outbox.length), outbox.map((r) => r.id).sort());
    const unpublished = await db.query(
      'SELECT count(*) AS n FROM transfers.outbox WHERE published_at IS NULL',
    );
    assert.equal(Number(unpublished[0].n), 0);
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stack.eventsStream, {
      subjects_filter: `${stack.subjectPrefix}yiti.evt.transfers.>`,
    });
    const published = Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
    assert.equal(published, SENDS, 'JetStream kept each event once (Nats-Msg-Id dedup)');
    assert.equal(probe.consumer.stats.handled, SENDS);
  });
});
