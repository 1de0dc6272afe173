import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { NatsConnection } from '@nats-io/transport-node';
import { startTestStack, type TestStack } from '@yiti/devstack';
import { AgreementsRpc, Box, TransferKind, TransferState, TransfersRpc } from '@yiti/contracts';
import { RpcClient } from '@yiti/messaging';

/**
 * What `npm start` loads: the demonstration transfers agree with the demonstration pacts (the basin lead cites
 * the pact that the agreements service says covers it), show the states they claim, and load once.
 */
describe('demonstration transfers', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: pg.Client;

  before(async () => {
    stack = await startTestStack({ seedDemoData: true });
    nc = await stack.connectNats();
    rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('has the 贡嘎→曲水 basin lead under the pact that covers it, and transfers in several states', async () => {
    const token = { token: await stack.login('qushui-prosecutor') };
    const { transfers } = await rpc.call(TransfersRpc.list, { box: Box.INBOX }, token);
    const lead = transfers.find(
      (t) => t.senderOrg === 'proc-540522' && t.content!.kind === TransferKind.LEAD,
    );
    assert.ok(lead, 'the basin lead is in the inbox of 曲水');
    assert.equal(lead.state, TransferState.SENT);
    assert.ok(lead.content!.summary.startsWith('（演示）'));
    const { agreements } = await rpc.call(
      AgreementsRpc.covering,
      {
        fromOrg: 'proc-540522',
        toOrg: 'proc-540124',
        businessLine: lead.content!.businessLine,
        category: lead.content!.category,
        divisionCode: lead.content!.divisionCode,
      },
      token,
    );
    assert.deepEqual(
      agreements.map((a) => a.code),
      [lead.legalBasis!.pactCode],
      'the demo pact in force covers the demo lead',
    );
    assert.equal(agreements[0]!.settings!.acknowledgeWithinDays, lead.legalBasis!.acknowledgeWithinDays);

    const states = (
      await db.query('SELECT state FROM transfers.transfer WHERE demo ORDER BY state')
    ).rows.map((r: { state: string }) => r.state);
    assert.deepEqual(states, ['accepted', 'objected', 'returned', 'sent']);
  });

  it('loads once', async () => {
    await stack.start('transfers');
    const n = await db.query('SELECT count(*)::int AS n FROM transfers.transfer WHERE demo');
    assert.equal(n.rows[0].n, 4);
  });
});
