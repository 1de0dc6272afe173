import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { rejectsWithCode, startTestStack, type TestStack } from '@yiti/devstack';
import {
  AttendeeRole,
  ConsultationOutcome,
  ErrorCode,
  MeetingKind,
  MeetingState,
  MeetingsRpc,
  ObjectionGrounds,
  ScorecardGrouping,
  TransferEvents,
  TransferState,
  TransfersRpc,
  type Meeting,
} from '@yiti/contracts';
import { RpcClient } from '@yiti/messaging';
import { attendee, inHours, lead } from './fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The heads' consultation chain across the real services: an objection to a transfer drafts a consultation at
 * the sender; scheduling it takes the transfer into consultation; concluding it with an outcome resolves the
 * transfer — with the meetings process killed (kill -9) in the middle of each step, nothing lost or doubled.
 */
describe('heads’ consultations on disputed transfers', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: pg.Client;
  const token: Record<string, string> = {};
  let keyNo = 0;
  const key = () => `consultation-key-${Date.now()}-${keyNo++}`;
  const until = async (what: string, check: () => Promise<boolean>, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: not reached in ${ms / 1000} s`);
      await sleep(100);
    }
  };
  const transfer = async (id: string) =>
    (await rpc.call(TransfersRpc.get, { id }, { token: token['gongga-prosecutor']! })).transfer!;
  const consultationsFor = async (transferId: string) =>
    Number(
      (await db.query('SELECT count(*) AS n FROM meetings.meeting WHERE transfer_id = $1', [transferId]))
        .rows[0].n,
    );
  const restartMeetings = async () => {
    await stack.processes.meetings!.kill9();
    await sleep(200);
    await stack.start('meetings');
  };

  before(async () => {
    stack = await startTestStack();
    nc = await stack.connectNats();
    rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    for (const user of ['gongga-prosecutor', 'gongga-secretary', 'gongga-chief', 'qushui-chief'])
      token[user] = await stack.login(user);
    token['qushui-secretary'] = await stack.tokens.valid({
      preferred_username: 'qushui-secretary',
      org: 'proc-540124',
      realm_access: { roles: ['meeting-secretary'] },
    });
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('objection → draft consultation → scheduled → in consultation → decided → resolved', async () => {
    const sent = (
      await rpc.call(
        TransfersRpc.send,
        { content: lead(), idempotencyKey: key() },
        { token: token['gongga-prosecutor']! },
      )
    ).transfer!;
    await rpc.call(
      TransfersRpc.object,
      { id: sent.id, grounds: ObjectionGrounds.SENDER_HAS_JURISDICTION, text: '主要行为地在贡嘎县。' },
      { token: token['qushui-chief']! },
    );
    // Killed while the objection may be in flight: the consultation still appears, once (an event the killed
    // process had pulled but not acknowledged comes back after the consumer's ack wait, 30 s).
    await restartMeetings();

    const secretary = { token: token['gongga-secretary']! };
    let draft: Meeting | undefined;
    await until('a draft consultation at 贡嘎', async () => {
      const { meetings } = await rpc.call(
        MeetingsRpc.list,
        { kind: MeetingKind.HEADS_CONSULTATION, states: [MeetingState.DRAFT] },
        secretary,
      );
      draft = meetings.find((m) => m.agenda[0]?.transferId === sent.id);
      return draft !== undefined;
    });
    let m = draft!;
    assert.equal(m.hostOrg, 'proc-540522');
    assert.deepEqual(
      m.invitees.map((i) => i.org),
      ['proc-540522', 'proc-540124'],
    );
    assert.equal(m.agenda.length, 1);
    assert.match(m.title, /三长会商/);
    const seenByReceiver = await rpc.call(MeetingsRpc.get, { id: m.id }, { token: token['qushui-chief']! });
    assert.equal(seenByReceiver.meeting!.state, MeetingState.DRAFT);

    // The same objection published again (another event id): still one consultation.
    const [objected] = (
      await db.query(`SELECT payload FROM transfers.outbox WHERE subject LIKE '%.objected.v1' ORDER BY seq`)
    ).rows as Array<{ payload: Buffer }>;
    await jetstream(nc).publish(stack.subjectPrefix + TransferEvents.objected.subject, objected!.payload, {
      msgID: `duplicate-${key()}`,
    });
    await until('the duplicate handled', async () => {
      const { rows } = await db.query(
        `SELECT count(*) AS n FROM meetings.inbox WHERE consumer = 'meetings-transfer-objections'`,
      );
      return Number(rows[0].n) >= 2;
    });
    assert.equal(await consultationsFor(sent.id), 1);

    // Only the host's secretary schedules it, in the future.
    const schedule = {
      id: m.id,
      expectedVersion: m.version,
      startsAt: inHours(0.5),
      endsAt: inHours(2),
      location: '贡嘎县人民检察院会议室',
    };
    await rejectsWithCode(
      rpc.call(MeetingsRpc.schedule, schedule, { token: token['qushui-secretary']! }),
      ErrorCode.FORBIDDEN,
    );
    await rejectsWithCode(
      rpc.call(MeetingsRpc.schedule, schedule, { token: token['gongga-chief']! }),
      ErrorCode.FORBIDDEN,
    );
    await rejectsWithCode(
      rpc.call(MeetingsRpc.schedule, { ...schedule, startsAt: inHours(-2), endsAt: inHours(-1) }, secretary),
      ErrorCode.BAD_USER_INPUT,
    );
    m = (await rpc.call(MeetingsRpc.schedule, schedule, secretary)).meeting!;
    assert.equal(m.state, MeetingState.SCHEDULED);
    // Killed right after the commit: the relay publishes the outbox when it is back.
    await restartMeetings();
    await until(
      'the transfer in consultation',
      async () => (await transfer(sent.id)).state === TransferState.IN_CONSULTATION,
    );
    assert.equal((await transfer(sent.id)).consultationMeetingId, m.id);

    m = (await rpc.call(MeetingsRpc.start, { id: m.id, expectedVersion: m.version }, secretary)).meeting!;
    m = (
      await rpc.call(
        MeetingsRpc.recordAttendance,
        {
          id: m.id,
          expectedVersion: m.version,
          attendees: [
            attendee('gongga-chief', 'proc-540522', AttendeeRole.CHIEF_PROSECUTOR),
            attendee('qushui-chief', 'proc-540124', AttendeeRole.CHIEF_PROSECUTOR),
            attendee('gongga-secretary', 'proc-540522', AttendeeRole.SECRETARY, false),
          ],
        },
        secretary,
      )
    ).meeting!;
    // The transfer it was made for stays on item 1; concluding needs its outcome.
    await rejectsWithCode(
      rpc.call(
        MeetingsRpc.recordAgendaItem,
        { id: m.id, expectedVersion: m.version, item: { number: 1, title: '另一个议题' } },
        secretary,
      ),
      ErrorCode.BAD_USER_INPUT,
    );
    await rejectsWithCode(
      rpc.call(MeetingsRpc.conclude, { id: m.id, expectedVersion: m.version }, secretary),
      ErrorCode.BAD_USER_INPUT,
    );
    assert.equal(
      (await db.query('SELECT state FROM meetings.meeting WHERE id = $1', [m.id])).rows[0].state,
      'in-session',
    );
    m = (
      await rpc.call(
        MeetingsRpc.recordAgendaItem,
        {
          id: m.id,
          expectedVersion: m.version,
          item: {
            number: 1,
            title: m.agenda[0]!.title,
            transferId: sent.id,
            decision: '经会商，由贡嘎县人民检察院继续办理。',
            majority: { text: '主要行为地在贡嘎县。', holders: ['gongga-chief', 'qushui-chief'] },
            transferOutcome: ConsultationOutcome.SENDER_RETAINS,
          },
        },
        secretary,
      )
    ).meeting!;
    m = (await rpc.call(MeetingsRpc.conclude, { id: m.id, expectedVersion: m.version }, secretary)).meeting!;
    assert.equal(m.state, MeetingState.CONCLUDED);
    await until(
      'the transfer resolved',
      async () => (await transfer(sent.id)).state === TransferState.RESOLVED,
    );
    const resolved = await transfer(sent.id);
    assert.equal(resolved.handlingOrg, 'proc-540522');
    assert.ok(resolved.timeline.some((s) => s.note === '经会商，由贡嘎县人民检察院继续办理。'));
    const subjects = (
      await db.query(
        `SELECT subject FROM meetings.outbox WHERE position($1::text IN encode(payload, 'escape')) > 0 ORDER BY seq`,
        [m.id],
      )
    ).rows.map((r: { subject: string }) => r.subject.replace(/^.*yiti\.evt\.meetings\./, ''));
    assert.deepEqual(subjects, [
      'meeting.scheduled.v1',
      'consultation.scheduled.v1',
      'meeting.concluded.v1',
      'consultation.decided.v1',
    ]);
    assert.equal(await consultationsFor(sent.id), 1);
  });

  it('titles the drafted consultation with the summary, number and grounds; its decision for the receiver counts as accepted', async () => {
    const chief = { token: token['qushui-chief']! };
    const secretary = { token: token['gongga-secretary']! };
    const card = async () =>
      (
        await rpc.call(TransfersRpc.scorecards, { groupBy: ScorecardGrouping.ORGANIZATION }, chief)
      ).scorecards.find((s) => s.key === 'proc-540124') ?? { accepted: 0, objected: 0 };
    const before = await card();
    const sent = (
      await rpc.call(
        TransfersRpc.send,
        { content: lead(), idempotencyKey: key() },
        { token: token['gongga-prosecutor']! },
      )
    ).transfer!;
    await rpc.call(
      TransfersRpc.object,
      { id: sent.id, grounds: ObjectionGrounds.SENDER_HAS_JURISDICTION, text: '主要行为地在贡嘎县。' },
      chief,
    );
    let m: Meeting | undefined;
    await until('a draft consultation at 贡嘎', async () => {
      const { meetings } = await rpc.call(
        MeetingsRpc.list,
        { kind: MeetingKind.HEADS_CONSULTATION, states: [MeetingState.DRAFT] },
        secretary,
      );
      m = meetings.find((x) => x.agenda[0]?.transferId === sent.id);
      return m !== undefined;
    });
    assert.equal(m!.title, '三长会商：雅鲁藏布江曲水段夜间非法采砂线索（会商测试）（贡检移〔2026〕9号）');
    assert.equal(m!.agenda[0]!.title, '贡检移〔2026〕9号 线索移送的管辖异议（异议理由：移送方有管辖权）');

    const at = () => ({ id: m!.id, expectedVersion: m!.version });
    m = (
      await rpc.call(
        MeetingsRpc.schedule,
        { ...at(), startsAt: inHours(0.5), endsAt: inHours(2), location: '贡嘎县人民检察院会议室' },
        secretary,
      )
    ).meeting!;
    m = (await rpc.call(MeetingsRpc.start, at(), secretary)).meeting!;
    m = (
      await rpc.call(
        MeetingsRpc.recordAttendance,
        {
          ...at(),
          attendees: [
            attendee('gongga-chief', 'proc-540522', AttendeeRole.CHIEF_PROSECUTOR),
            attendee('qushui-chief', 'proc-540124', AttendeeRole.CHIEF_PROSECUTOR),
          ],
        },
        secretary,
      )
    ).meeting!;
    m = (
      await rpc.call(
        MeetingsRpc.recordAgendaItem,
        {
          ...at(),
          item: {
            number: 1,
            title: m.agenda[0]!.title,
            transferId: sent.id,
            decision: '经会商，由曲水县人民检察院办理。',
            majority: { text: '非法采砂行为发生在曲水段。', holders: ['gongga-chief', 'qushui-chief'] },
            transferOutcome: ConsultationOutcome.RECEIVER_ACCEPTS,
          },
        },
        secretary,
      )
    ).meeting!;
    await rpc.call(MeetingsRpc.conclude, at(), secretary);
    await until(
      'the transfer resolved',
      async () => (await transfer(sent.id)).state === TransferState.RESOLVED,
    );
    const resolved = await transfer(sent.id);
    assert.equal(resolved.handlingOrg, 'proc-540124');
    const step = (action: string) => resolved.timeline.find((s) => s.action === action)!;
    assert.equal(step('objected').code, 'SENDER_HAS_JURISDICTION');
    for (const action of ['consultation-started', 'resolved'])
      assert.deepEqual(
        [step(action).actorOrg, step(action).actor],
        ['proc-540522', 'gongga-secretary'],
        `${action}: the host and its secretary`,
      );
    assert.equal(step('resolved').code, 'RECEIVER_ACCEPTS');

    const after = await card();
    assert.equal(after.accepted, before.accepted + 1, 'accepted through the consultation');
    assert.equal(after.objected, before.objected, 'not left under objected');
  });
});
