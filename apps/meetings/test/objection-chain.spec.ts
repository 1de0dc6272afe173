import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { create } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { startTestStack, type TestStack } from '@yiti/devstack';
import {
  AttendeeRole,
  ConsultationOutcome,
  MeetingKind,
  MeetingsRpc,
  MeetingState,
  ObjectionGrounds,
  OpinionSchema,
  TransferContentSchema,
  TransferKind,
  TransfersRpc,
  type Meeting,
} from '@yiti/contracts';
import { RpcClient } from '@yiti/messaging';

const TRANSFERS = 12;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOUR = 3600_000;

/**
 * The dispute chain across the real services: an objection to a transfer makes a heads' consultation (三长会商)
 * at the sender; scheduling it puts the transfer in consultation; concluding it with the heads' decision
 * resolves the transfer. The meetings process is killed with kill -9 twice while a dozen disputes run through
 * the chain, each driven by a client that retries from what it reads (as a secretary's browser would):
 * afterwards every transfer is resolved, with exactly one consultation each and no step lost or doubled.
 */
describe('objection → consultation → decision → transfer resolved, across kill -9', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: pg.Client;
  const token: Record<string, string> = {};
  const as = (user: string) => ({ token: token[user]! });

  /** Retries a step through the kill: calls fail while the meetings process is down. */
  async function retrying<T>(step: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await step();
      } catch (err) {
        if (attempt > 300) throw err;
        await sleep(100);
      }
    }
  }

  async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = await read().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  const consultationFor = async (transferId: string): Promise<Meeting | undefined> => {
    const { meetings } = await rpc.call(
      MeetingsRpc.list,
      { kind: MeetingKind.HEADS_CONSULTATION, pageSize: 200 },
      as('gongga-secretary'),
    );
    return meetings.find((m) => m.agenda.some((i) => i.transferId === transferId));
  };

  const transferState = async (id: string) =>
    (await rpc.call(TransfersRpc.get, { id }, as('gongga-chief'))).transfer!.state;

  /** Drives one meeting to its conclusion from whatever state it is in (a step may have committed before a kill). */
  async function settle(transferId: string): Promise<void> {
    for (;;) {
      const meeting = await retrying(
        async () => (await consultationFor(transferId)) ?? Promise.reject(new Error('no meeting yet')),
      );
      const at = { id: meeting.id, expectedVersion: meeting.version };
      const secretary = as('gongga-secretary');
      try {
        switch (meeting.state) {
          case MeetingState.DRAFT: {
            const startsAt = new Date(Date.now() + HOUR).toISOString();
            const endsAt = new Date(Date.now() + 2 * HOUR).toISOString();
            await rpc.call(
              MeetingsRpc.schedule,
              { ...at, startsAt, endsAt, location: '贡嘎县人民检察院 三楼会议室' },
              secretary,
            );
            break;
          }
          case MeetingState.SCHEDULED:
            await rpc.call(MeetingsRpc.start, at, secretary);
            break;
          case MeetingState.IN_SESSION:
            if (meeting.attendees.length === 0) {
              await rpc.call(
                MeetingsRpc.recordAttendance,
                {
                  ...at,
                  attendees: [
                    {
                      username: 'gongga-chief',
                      org: 'proc-540522',
                      role: AttendeeRole.CHIEF_PROSECUTOR,
                      present: true,
                    },
                    {
                      username: 'qushui-chief',
                      org: 'proc-540124',
                      role: AttendeeRole.CHIEF_PROSECUTOR,
                      present: true,
                    },
                  ],
                },
                secretary,
              );
            } else if (!meeting.agenda[0]!.transferOutcome) {
              await rpc.call(
                MeetingsRpc.recordAgendaItem,
                {
                  ...at,
                  item: {
                    ...meeting.agenda[0]!,
                    decision: '经会商，由贡嘎县人民检察院继续办理。',
                    majority: create(OpinionSchema, {
                      text: '主要行为地在贡嘎县。',
                      holders: ['gongga-chief', 'qushui-chief'],
                    }),
                    transferOutcome: ConsultationOutcome.SENDER_RETAINS,
                  },
                },
                secretary,
              );
            } else {
              await rpc.call(MeetingsRpc.conclude, at, secretary);
            }
            break;
          case MeetingState.CONCLUDED:
            return;
          default:
            throw new Error(`unexpected meeting state ${MeetingState[meeting.state]}`);
        }
      } catch {
        // Killed mid-call, or the step committed and its reply was lost (then the version moved on): re-read.
        await sleep(100);
      }
    }
  }

  before(async () => {
    stack = await startTestStack();
    nc = await stack.connectNats();
    rpc = new RpcClient(nc, 3000, undefined, stack.subjectPrefix);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    for (const user of ['gongga-prosecutor', 'gongga-chief', 'gongga-secretary', 'qushui-chief'])
      token[user] = await stack.login(user);
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('resolves every disputed transfer once, through two kills of the meetings process', async () => {
    const ids: string[] = [];
    for (let n = 0; n < TRANSFERS; n++) {
      const content = create(TransferContentSchema, {
        receiverOrg: 'proc-540124',
        kind: TransferKind.CASE,
        businessLine: 'criminal',
        category: 'ecology-resources',
        divisionCode: '540522',
        summary: `跨县湿地占用案（测试 ${n}）`,
      });
      const { transfer } = await rpc.call(
        TransfersRpc.send,
        { content, idempotencyKey: `chain-${n}-key` },
        as('gongga-prosecutor'),
      );
      await rpc.call(
        TransfersRpc.object,
        { id: transfer!.id, grounds: ObjectionGrounds.SENDER_HAS_JURISDICTION, text: '主要行为地在贡嘎县。' },
        as('qushui-chief'),
      );
      ids.push(transfer!.id);
    }

    // First kill: while the objections are being turned into consultations.
    await stack.processes.meetings!.kill9();
    await sleep(300);
    await stack.start('meetings');

    const chains = Promise.all(ids.map((id) => settle(id)));
    // Second kill: in the middle of the secretaries' work.
    await until(async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM meetings.meeting WHERE state <> 'draft'`,
      );
      return rows[0].n >= TRANSFERS / 2 ? true : undefined;
    }, 'half the consultations to be scheduled');
    await stack.processes.meetings!.kill9();
    await sleep(300);
    await stack.start('meetings');
    await chains;

    for (const id of ids) {
      await until(
        async () => ((await transferState(id)) === 8 /* RESOLVED */ ? true : undefined),
        `transfer ${id} resolved`,
      );
      const { transfer } = await rpc.call(TransfersRpc.get, { id }, as('gongga-chief'));
      assert.equal(transfer!.handlingOrg, 'proc-540522');
      const actions = transfer!.timeline.map((s) => s.action);
      assert.equal(actions.filter((a) => a === 'consultation-started').length, 1, 'in consultation once');
      assert.equal(actions.filter((a) => a === 'resolved').length, 1, 'resolved once');
    }
    const perTransfer = await db.query(
      `SELECT count(*)::int AS n FROM meetings.meeting WHERE kind = 'heads-consultation' GROUP BY host_org`,
    );
    assert.deepEqual(perTransfer.rows, [{ n: TRANSFERS }], 'one consultation per disputed transfer');
    const events = await db.query(
      `SELECT subject, count(*)::int AS n FROM meetings.outbox WHERE subject LIKE '%consultation.%' GROUP BY subject ORDER BY subject`,
    );
    assert.deepEqual(
      events.rows.map((r: { subject: string; n: number }) => [
        r.subject.replace(stack.subjectPrefix, ''),
        r.n,
      ]),
      [
        ['yiti.evt.meetings.consultation.decided.v1', TRANSFERS],
        ['yiti.evt.meetings.consultation.scheduled.v1', TRANSFERS],
      ],
    );
  });
});
