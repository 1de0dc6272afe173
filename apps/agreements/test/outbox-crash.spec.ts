import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { startTestStack, type TestStack } from '@yiti/devstack';
import { AgreementKind, AgreementsRpc } from '@yiti/contracts';
import { InboxProbe } from '@yiti/events';
import { RpcClient } from '@yiti/messaging';

const PACTS = 20;
const AMENDMENTS_EACH = 25; // 20 × 25 = 500 committed state changes
const content = (n: number) => ({
  titleZh: `崩溃测试协议 ${n}`,
  titleEn: '',
  scope: { businessLines: ['criminal'], caseCategories: [], divisionCodes: [], basinCode: '' },
  clauses: [{ number: 1, text: `第 ${n} 版` }],
  effectiveFrom: '2025-01-01',
  effectiveTo: '',
  settings: { acknowledgeWithinDays: 3, decideWithinDays: 10, shareRecordsLookup: false },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * kill -9 of the agreements process while 500 state changes are being committed: afterwards every committed
 * change has been published and consumed exactly once in effect (one inbox row per event), none lost.
 */
describe('outbox under kill -9', () => {
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
      filterSubject: `${stack.subjectPrefix}yiti.evt.agreements.>`,
      dataSource: db,
      schema: 'crash_consumer',
      durableName: 'crash-test',
    });
    token = await stack.login('gongga-prosecutor');
  });

  after(async () => {
    await probe?.stop();
    await db?.destroy();
    await nc?.close();
    await stack?.stop();
  });

  it('publishes every committed change exactly once in effect', async () => {
    for (let p = 0; p < PACTS; p++) {
      const code = `crash-${p}`;
      await rpc.call(
        AgreementsRpc.create,
        {
          code,
          kind: AgreementKind.COOPERATION_MECHANISM,
          partyCodes: ['proc-540522', 'proc-540124'],
          content: content(1),
        },
        { token },
      );
      await rpc.call(AgreementsRpc.circulate, { code }, { token });
    }

    // One worker per pact amends it AMENDMENTS_EACH times. Each amendment has its own idempotency key, so a
    // call cut off by the kill is simply retried with the same key: done once, whatever happened to the reply.
    let failures = 0;
    const worker = async (p: number) => {
      const code = `crash-${p}`;
      for (let n = 1; n <= AMENDMENTS_EACH; n++) {
        for (;;) {
          try {
            await rpc.call(
              AgreementsRpc.amend,
              { code, content: content(n + 1), idempotencyKey: `${code}-amendment-${n}` },
              { token },
            );
            break;
          } catch {
            failures++;
            await sleep(100);
          }
        }
      }
    };
    const committed = async () =>
      Number(
        (await db.query(`SELECT count(*) AS n FROM agreements.agreement_version WHERE number > 1`))[0].n,
      );

    const work = Promise.all(Array.from({ length: PACTS }, (_, p) => worker(p)));
    while ((await committed()) < 150) await sleep(20);
    await stack.processes.agreements!.kill9();
    await sleep(300);
    await stack.start('agreements');
    await work;

    assert.equal(await committed(), PACTS * AMENDMENTS_EACH);
    assert.ok(failures > 0, 'the kill interrupted some calls');
    const outbox: Array<{ id: string }> = await db.query('SELECT id FROM agreements.outbox');
    assert.equal(
      outbox.length,
      PACTS * AMENDMENTS_EACH + PACTS,
      'one event per committed change (amended + circulated)',
    );

    assert.deepEqual(await probe.eventIds(outbox.length), outbox.map((r) => r.id).sort());
    const unpublished = await db.query(
      'SELECT count(*) AS n FROM agreements.outbox WHERE published_at IS NULL',
    );
    assert.equal(Number(unpublished[0].n), 0);
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stack.eventsStream);
    assert.equal(info.state.messages, outbox.length, 'JetStream kept each event once (Nats-Msg-Id dedup)');
    assert.equal(probe.consumer.stats.handled, outbox.length);
  });
});
