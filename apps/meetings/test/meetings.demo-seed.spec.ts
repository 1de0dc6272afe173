import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { NatsConnection } from '@nats-io/transport-node';
import { startTestStack, type TestStack } from '@yiti/devstack';
import { MeetingKind, MeetingState, MeetingsRpc } from '@yiti/contracts';
import { RpcClient } from '@yiti/messaging';
import { icsLines } from './fixtures.js';

/**
 * What `npm start` loads: a concluded prosecutors' joint meeting at the city with decisions, tasks and a
 * signature that is valid for the service's own digest, and a scheduled ISCO consultation at 贡嘎 — marked
 * as demonstration data, loaded once.
 */
describe('demonstration meetings', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: pg.Client;
  const as = async (user: string) => ({ token: await stack.login(user) });

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

  it('has a concluded joint meeting at the city whose signature checks out, and its tasks', async () => {
    const { meetings } = await rpc.call(
      MeetingsRpc.list,
      { kind: MeetingKind.PROSECUTORS_JOINT },
      await as('city-secretary'),
    );
    const joint = meetings.find((m) => m.title.startsWith('（演示）'));
    assert.ok(joint, 'the demo joint meeting is listed at the city');
    assert.equal(joint.state, MeetingState.CONCLUDED);
    assert.equal(joint.hostOrg, 'proc-540500');
    assert.ok(joint.agenda[0]!.referToCommittee);
    assert.deepEqual(
      joint.signatures.map((s) => [s.username, s.valid]),
      [['city-chief', true]],
    );
    assert.deepEqual([...joint.awaitingSignatures].sort(), ['gongga-chief', 'gongga-prosecutor']);
    const tasks = await rpc.call(MeetingsRpc.listActionItems, {}, await as('gongga-chief'));
    assert.ok(tasks.items.some((t) => t.meetingId === joint.id && t.dueDate));
  });

  it('has a scheduled ISCO consultation at 贡嘎 that calendars can read', async () => {
    const secretary = await as('gongga-isco-secretary');
    const { meetings } = await rpc.call(
      MeetingsRpc.list,
      { kind: MeetingKind.ISCO_CONSULTATION, states: [MeetingState.SCHEDULED] },
      secretary,
    );
    const isco = meetings.find((m) => m.title.startsWith('（演示）'));
    assert.ok(isco);
    assert.equal(isco.hostOrg, 'isco-540522');
    assert.ok(Date.parse(isco.startsAt) > Date.now());
    const seenByPolice = await rpc.call(MeetingsRpc.get, { id: isco.id }, await as('gongga-police'));
    assert.equal(seenByPolice.meeting!.id, isco.id);
    const { ics } = await rpc.call(MeetingsRpc.calendar, { id: isco.id }, secretary);
    assert.ok(icsLines(ics).includes(`UID:${isco.id}@yiti`));
  });

  it('loads once', async () => {
    await stack.start('meetings');
    const n = await db.query('SELECT count(*)::int AS n FROM meetings.meeting WHERE demo');
    assert.equal(n.rows[0].n, 2);
    const titles = await db.query(
      `SELECT count(*)::int AS n FROM meetings.meeting WHERE demo AND title LIKE '（演示）%'`,
    );
    assert.equal(titles.rows[0].n, 2);
  });
});
