import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { rejectsWithCode, startTestStack, type TestStack } from '@yiti/devstack';
import {
  ATTACHMENT_CHUNK_BYTES,
  Box,
  ConsultationOutcome,
  ErrorCode,
  MeetingEvents,
  ObjectionGrounds,
  ReturnReason,
  ScorecardGrouping,
  TransferConsultationDecidedSchema,
  TransferConsultationScheduledSchema,
  TransferEventSchema,
  TransferState,
  TransfersRpc,
} from '@yiti/contracts';
import { RpcClient } from '@yiti/messaging';
import type { QueryRunner } from 'typeorm';
import { TimelineCodesAsEnumNames1764810000000 } from '../src/migrations/1764810000000-timeline-codes-as-enum-names.js';
import { lead, pactInForce } from './fixtures.js';

const PACT = 'test-yarlung-gongga-qushui';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The transfers service over real NATS, JetStream and PostgreSQL, with the real directory and agreements. */
describe('transfers service', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: pg.Client;
  const token: Record<string, string> = {};
  let keyNo = 0;
  const key = () => `test-key-${Date.now()}-${keyNo++}`;
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
  const transfers = () => count('SELECT count(*) AS n FROM transfers.transfer');
  const send = async (user = 'gongga-prosecutor', overrides = {}) =>
    (
      await rpc.call(
        TransfersRpc.send,
        { content: lead(overrides), idempotencyKey: key() },
        { token: token[user]! },
      )
    ).transfer!;
  const meetingEvent = async (subject: string, payload: Uint8Array) =>
    jetstream(nc).publish(stack.subjectPrefix + subject, payload, { msgID: `meeting-${key()}` });
  const stateOf = async (id: string) =>
    (await db.query('SELECT state FROM transfers.transfer WHERE id = $1', [id])).rows[0].state as string;
  const until = async (check: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not reached in 10 s');
      await sleep(50);
    }
  };

  before(async () => {
    stack = await startTestStack();
    nc = await stack.connectNats();
    rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    for (const user of [
      'gongga-prosecutor',
      'gongga-chief',
      'gongga-police',
      'qushui-prosecutor',
      'qushui-chief',
      'city-chief',
      'region-chief',
    ])
      token[user] = await stack.login(user);
    await pactInForce(rpc, PACT, {
      gonggaProsecutor: token['gongga-prosecutor']!,
      gonggaChief: token['gongga-chief']!,
      qushuiChief: token['qushui-chief']!,
    });
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('refuses bad sends with a typed error and writes nothing', async () => {
    const t = token['gongga-prosecutor']!;
    const bad = async (content: Parameters<typeof lead>[0], code: ErrorCode, idempotencyKey = key()) =>
      rejectsWithCode(
        rpc.call(TransfersRpc.send, { content: lead(content), idempotencyKey }, { token: t }),
        code,
      );
    await bad({ senderCaseNumber: '贡检移[2026]3号' }, ErrorCode.BAD_USER_INPUT);
    await bad({ senderCaseNumber: '贡检移〔26〕3号' }, ErrorCode.BAD_USER_INPUT);
    await bad({ receiverOrg: 'proc-999999' }, ErrorCode.BAD_USER_INPUT);
    await bad({ receiverOrg: 'proc-540522' }, ErrorCode.BAD_USER_INPUT);
    await bad({ receiverOrg: 'not-an-org' }, ErrorCode.BAD_USER_INPUT);
    await bad({ pactCode: 'no-such-pact' }, ErrorCode.BAD_USER_INPUT);
    await bad({ category: 'illegal-fishing', pactCode: PACT }, ErrorCode.BAD_USER_INPUT);
    await bad({ summary: '   ' }, ErrorCode.BAD_USER_INPUT);
    await bad({ summary: '线'.repeat(10_001) }, ErrorCode.BAD_USER_INPUT);
    await bad({ divisionCode: '549999' }, ErrorCode.BAD_USER_INPUT);
    await bad({}, ErrorCode.BAD_USER_INPUT, '');
    await rejectsWithCode(
      rpc.call(
        TransfersRpc.send,
        { content: lead(), idempotencyKey: key() },
        { token: token['gongga-police']! },
      ),
      ErrorCode.FORBIDDEN,
    );
    assert.equal(await transfers(), 0);
    assert.equal(await count('SELECT count(*) AS n FROM transfers.outbox'), 0);
  });

  it('sends under the covering pact, once per idempotency key', async () => {
    const idempotencyKey = key();
    const request = { content: lead(), idempotencyKey };
    const t = { token: token['gongga-prosecutor']! };
    const [a, b] = await Promise.all([
      rpc.call(TransfersRpc.send, request, t),
      rpc.call(TransfersRpc.send, request, t),
    ]);
    const again = await rpc.call(TransfersRpc.send, request, t);
    assert.equal(a.transfer!.id, b.transfer!.id);
    assert.equal(a.transfer!.id, again.transfer!.id);
    const sent = a.transfer!;
    assert.equal(sent.state, TransferState.SENT);
    assert.equal(sent.legalBasis!.pactCode, PACT);
    assert.equal(sent.legalBasis!.acknowledgeWithinDays, 2);
    assert.equal(sent.legalBasis!.decideWithinDays, 5);
    assert.equal(sent.commonSuperiorOrg, 'proc-540000');
    assert.ok(Date.parse(sent.deadlines[0]!.dueAt) > Date.parse(sent.sentAt));
    assert.equal(await count(`SELECT count(*) AS n FROM transfers.transfer WHERE id = '${sent.id}'`), 1);
    await rejectsWithCode(
      rpc.call(TransfersRpc.send, { content: lead({ summary: '另一条线索' }), idempotencyKey }, t),
      ErrorCode.CONFLICT,
    );
    // Outside the pact's categories: the default rules.
    const other = await send('gongga-prosecutor', { category: 'illegal-fishing' });
    assert.equal(other.legalBasis!.pactCode, '');
    assert.equal(other.legalBasis!.acknowledgeWithinDays, 3);
  });

  it('drafts without a legal basis, finds it when the draft is sent, once per key', async () => {
    const t = { token: token['gongga-prosecutor']! };
    const draft = (
      await rpc.call(
        TransfersRpc.createDraft,
        { content: lead({ pactCode: PACT }), idempotencyKey: key() },
        t,
      )
    ).transfer!;
    assert.equal(draft.state, TransferState.DRAFT);
    assert.equal(draft.legalBasis, undefined, 'a draft has no legal basis yet');
    assert.equal(draft.content!.pactCode, PACT, 'the cited pact is kept');
    await rejectsWithCode(
      rpc.call(TransfersRpc.get, { id: draft.id }, { token: token['qushui-prosecutor']! }),
      ErrorCode.NOT_FOUND,
    );
    await rejectsWithCode(
      rpc.call(
        TransfersRpc.sendDraft,
        { id: draft.id, idempotencyKey: key() },
        { token: token['gongga-police']! },
      ),
      ErrorCode.FORBIDDEN,
    );
    const request = { id: draft.id, idempotencyKey: key() };
    const sent = (await rpc.call(TransfersRpc.sendDraft, request, t)).transfer!;
    assert.equal(sent.state, TransferState.SENT);
    assert.equal(sent.legalBasis!.pactCode, PACT);
    assert.equal((await rpc.call(TransfersRpc.sendDraft, request, t)).transfer!.id, draft.id);
    await rejectsWithCode(
      rpc.call(TransfersRpc.sendDraft, { id: draft.id, idempotencyKey: key() }, t),
      ErrorCode.CONFLICT,
    );
    await rejectsWithCode(
      rpc.call(TransfersRpc.updateDraft, { id: draft.id, content: lead() }, t),
      ErrorCode.CONFLICT,
    );
    assert.equal(
      await count(`SELECT count(*) AS n FROM transfers.outbox WHERE subject LIKE '%.sent.v1'`),
      1 + 2,
    );
  });

  it('records the receipt the first time the receiver opens it, and checks who moves it', async () => {
    const sent = await send();
    const asSender = await rpc.call(
      TransfersRpc.get,
      { id: sent.id },
      { token: token['gongga-prosecutor']! },
    );
    assert.equal(asSender.transfer!.state, TransferState.SENT);
    const opened = (await rpc.call(TransfersRpc.get, { id: sent.id }, { token: token['qushui-prosecutor']! }))
      .transfer!;
    assert.equal(opened.state, TransferState.RECEIVED);
    assert.ok(opened.receivedAt);
    await rpc.call(TransfersRpc.get, { id: sent.id }, { token: token['qushui-chief']! });
    assert.deepEqual(
      opened.timeline.map((s) => s.action),
      ['created', 'sent', 'received'],
    );
    const steps = await count(
      `SELECT count(*) AS n FROM transfers.transfer_step WHERE transfer_id = '${sent.id}'`,
    );
    assert.equal(steps, 3, 'a second opening records nothing');
    assert.ok(opened.deadlines.some((d) => d.deadline === 2 && d.dueAt));

    await rejectsWithCode(
      rpc.call(TransfersRpc.accept, { id: sent.id, note: '' }, { token: token['gongga-prosecutor']! }),
      ErrorCode.FORBIDDEN,
    );
    await rejectsWithCode(
      rpc.call(TransfersRpc.get, { id: sent.id }, { token: token['gongga-police']! }),
      ErrorCode.NOT_FOUND,
    );
    const accepted = await rpc.call(
      TransfersRpc.accept,
      { id: sent.id, note: '已受理' },
      { token: token['qushui-prosecutor']! },
    );
    assert.equal(accepted.transfer!.state, TransferState.ACCEPTED);
    assert.equal(accepted.transfer!.handlingOrg, 'proc-540124');
    await rejectsWithCode(
      rpc.call(
        TransfersRpc.return,
        { id: sent.id, reason: ReturnReason.DUPLICATE, text: '' },
        { token: token['qushui-prosecutor']! },
      ),
      ErrorCode.CONFLICT,
    );
    // The city (a superior of 贡嘎) sees it but cannot move it.
    const seen = await rpc.call(TransfersRpc.get, { id: sent.id }, { token: token['city-chief']! });
    assert.equal(seen.transfer!.state, TransferState.ACCEPTED);
  });

  it('returns with a coded reason, deciding without opening records the receipt first', async () => {
    const sent = await send();
    const q = { token: token['qushui-prosecutor']! };
    await rejectsWithCode(
      rpc.call(TransfersRpc.return, { id: sent.id, reason: ReturnReason.OTHER, text: ' ' }, q),
      ErrorCode.BAD_USER_INPUT,
    );
    await rejectsWithCode(
      rpc.call(TransfersRpc.return, { id: sent.id, reason: ReturnReason.UNSPECIFIED, text: '' }, q),
      ErrorCode.BAD_USER_INPUT,
    );
    assert.equal(await stateOf(sent.id), 'sent');
    const returned = (
      await rpc.call(
        TransfersRpc.return,
        { id: sent.id, reason: ReturnReason.INCOMPLETE_MATERIALS, text: '缺少现场勘验笔录' },
        q,
      )
    ).transfer!;
    assert.equal(returned.state, TransferState.RETURNED);
    assert.equal(returned.returnReason, ReturnReason.INCOMPLETE_MATERIALS);
    assert.deepEqual(
      returned.timeline.map((s) => s.action),
      ['created', 'sent', 'received', 'returned'],
    );
  });

  it('applies the consultation: objection → in consultation → resolved by the heads', async () => {
    const sent = await send();
    await rejectsWithCode(
      rpc.call(
        TransfersRpc.object,
        { id: sent.id, grounds: ObjectionGrounds.SENDER_HAS_JURISDICTION, text: '应由贡嘎管辖' },
        { token: token['qushui-prosecutor']! },
      ),
      ErrorCode.FORBIDDEN,
    );
    const objected = (
      await rpc.call(
        TransfersRpc.object,
        { id: sent.id, grounds: ObjectionGrounds.SENDER_HAS_JURISDICTION, text: '应由贡嘎管辖' },
        { token: token['qushui-chief']! },
      )
    ).transfer!;
    assert.equal(objected.state, TransferState.OBJECTED);
    assert.ok(objected.deadlines.find((d) => d.deadline === 3)?.dueAt, 'the consultation clock runs');

    const scheduled = create(TransferConsultationScheduledSchema, {
      meetingId: 'meeting-1',
      transferId: sent.id,
      hostOrg: 'proc-540522',
      scheduledFor: new Date(Date.now() + 86_400_000).toISOString(),
      occurredAt: new Date().toISOString(),
    });
    await meetingEvent(
      MeetingEvents.consultationScheduled.subject,
      toBinary(TransferConsultationScheduledSchema, scheduled),
    );
    await until(async () => (await stateOf(sent.id)) === 'in-consultation');
    const decided = toBinary(
      TransferConsultationDecidedSchema,
      create(TransferConsultationDecidedSchema, {
        meetingId: 'meeting-1',
        transferId: sent.id,
        outcome: ConsultationOutcome.SENDER_RETAINS,
        summary: '会商决定由贡嘎县院继续办理。',
        decidedAt: new Date().toISOString(),
      }),
    );
    await meetingEvent(MeetingEvents.consultationDecided.subject, decided);
    await until(async () => (await stateOf(sent.id)) === 'resolved');
    // The same decision delivered again (a new message id) changes nothing more.
    await meetingEvent(MeetingEvents.consultationDecided.subject, decided);
    await sleep(500);
    const resolved = (await rpc.call(TransfersRpc.get, { id: sent.id }, { token: token['gongga-chief']! }))
      .transfer!;
    assert.equal(resolved.handlingOrg, 'proc-540522');
    assert.equal(resolved.consultationMeetingId, 'meeting-1');
    assert.deepEqual(
      resolved.timeline.map((s) => s.action),
      ['created', 'sent', 'received', 'objected', 'consultation-started', 'resolved', 'noted'],
    );
  });

  it('escalates without agreement, and only the common superior designates within its jurisdiction', async () => {
    const sent = await send();
    await rpc.call(
      TransfersRpc.object,
      { id: sent.id, grounds: ObjectionGrounds.OUTSIDE_PACT_SCOPE, text: '不属于协作范围' },
      { token: token['qushui-chief']! },
    );
    await meetingEvent(
      MeetingEvents.consultationDecided.subject,
      toBinary(
        TransferConsultationDecidedSchema,
        create(TransferConsultationDecidedSchema, {
          meetingId: 'meeting-2',
          transferId: sent.id,
          outcome: ConsultationOutcome.NO_AGREEMENT,
          summary: '会商未达成一致。',
        }),
      ),
    );
    await until(async () => (await stateOf(sent.id)) === 'escalated');
    const designation = { id: sent.id, handlingOrg: 'proc-540124', text: '指定曲水县人民检察院管辖。' };
    await rejectsWithCode(
      rpc.call(TransfersRpc.designate, designation, { token: token['city-chief']! }),
      ErrorCode.FORBIDDEN,
    );
    await rejectsWithCode(
      rpc.call(
        TransfersRpc.designate,
        { ...designation, handlingOrg: 'proc-999999' },
        { token: token['region-chief']! },
      ),
      ErrorCode.BAD_USER_INPUT,
    );
    const designated = (
      await rpc.call(TransfersRpc.designate, designation, { token: token['region-chief']! })
    ).transfer!;
    assert.equal(designated.state, TransferState.DESIGNATED);
    assert.equal(designated.handlingOrg, 'proc-540124');
    await rejectsWithCode(
      rpc.call(TransfersRpc.designate, designation, { token: token['region-chief']! }),
      ErrorCode.CONFLICT,
    );
  });

  it('stores attachments with their SHA-256 and refuses corrupted or oversized content', async () => {
    const sent = await send();
    const t = { token: token['gongga-prosecutor']! };
    const content = randomBytes(ATTACHMENT_CHUNK_BYTES + 1000);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const upload = async (data: Buffer, declared: string) => {
      const begun = await rpc.call(
        TransfersRpc.beginAttachment,
        {
          transferId: sent.id,
          filename: '现场照片.bin',
          mediaType: 'application/octet-stream',
          size: BigInt(data.length),
          sha256: declared,
        },
        t,
      );
      for (let i = 0; i * begun.chunkSize < data.length; i++)
        await rpc.call(
          TransfersRpc.putAttachmentChunk,
          {
            attachmentId: begun.attachmentId,
            index: i,
            data: data.subarray(i * begun.chunkSize, (i + 1) * begun.chunkSize),
          },
          t,
        );
      return rpc.call(TransfersRpc.completeAttachment, { attachmentId: begun.attachmentId }, t);
    };
    await rejectsWithCode(upload(content, 'a'.repeat(64)), ErrorCode.BAD_USER_INPUT);
    assert.equal(
      await count('SELECT count(*) AS n FROM transfers.attachment'),
      0,
      'a corrupted upload leaves nothing',
    );
    await rejectsWithCode(
      rpc.call(
        TransfersRpc.beginAttachment,
        {
          transferId: sent.id,
          filename: 'big.bin',
          mediaType: 'application/octet-stream',
          size: BigInt(20 * 1024 * 1024 + 1),
          sha256,
        },
        t,
      ),
      ErrorCode.BAD_USER_INPUT,
    );
    const { attachment } = await upload(content, sha256);
    // An upload begun while open cannot complete once the transfer is closed.
    const small = Buffer.from('补充材料');
    const late = await rpc.call(
      TransfersRpc.beginAttachment,
      {
        transferId: sent.id,
        filename: '补充.txt',
        mediaType: 'text/plain',
        size: BigInt(small.length),
        sha256: createHash('sha256').update(small).digest('hex'),
      },
      t,
    );
    await rpc.call(
      TransfersRpc.putAttachmentChunk,
      { attachmentId: late.attachmentId, index: 0, data: small },
      t,
    );
    assert.equal(attachment!.sha256, sha256);

    const read = async (user: string) => {
      const first = await rpc.call(
        TransfersRpc.readAttachmentChunk,
        { attachmentId: attachment!.id, index: 0 },
        { token: token[user]! },
      );
      const parts = [Buffer.from(first.data)];
      for (let i = 1; i < first.chunkCount; i++)
        parts.push(
          Buffer.from(
            (
              await rpc.call(
                TransfersRpc.readAttachmentChunk,
                { attachmentId: attachment!.id, index: i },
                { token: token[user]! },
              )
            ).data,
          ),
        );
      return Buffer.concat(parts);
    };
    assert.ok((await read('qushui-prosecutor')).equals(content));
    await rpc.call(TransfersRpc.accept, { id: sent.id, note: '' }, { token: token['qushui-prosecutor']! });
    await rejectsWithCode(
      rpc.call(TransfersRpc.completeAttachment, { attachmentId: late.attachmentId }, t),
      ErrorCode.CONFLICT,
    );
    assert.equal(await count('SELECT count(*) AS n FROM transfers.attachment'), 1, 'only the completed one');
    await rejectsWithCode(read('gongga-police'), ErrorCode.NOT_FOUND);
    await db.query(
      `UPDATE transfers.attachment_chunk SET data = overlay(data placing '\\x00'::bytea from 10 for 1) WHERE index = 1`,
    );
    await rejectsWithCode(read('qushui-prosecutor'), ErrorCode.DATA_INTEGRITY);
  });

  it('lists inbox and outbox in pages, with filters, and scores pacts and organizations', async () => {
    const q = { token: token['qushui-prosecutor']! };
    const all: string[] = [];
    let pageToken = '';
    do {
      const page = await rpc.call(
        TransfersRpc.list,
        { box: Box.INBOX, states: [], pageSize: 2, pageToken },
        q,
      );
      all.push(...page.transfers.map((t) => t.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    const inbox = await count(
      `SELECT count(*) AS n FROM transfers.transfer WHERE receiver_org = 'proc-540124' AND state <> 'draft'`,
    );
    assert.equal(all.length, inbox);
    assert.equal(new Set(all).size, inbox, 'no row twice across pages');
    const accepted = await rpc.call(
      TransfersRpc.list,
      { box: Box.INBOX, states: [TransferState.ACCEPTED] },
      q,
    );
    assert.ok(
      accepted.transfers.length >= 1 && accepted.transfers.every((t) => t.state === TransferState.ACCEPTED),
    );
    const outbox = await rpc.call(TransfersRpc.list, { box: Box.OUTBOX, states: [] }, q);
    assert.equal(outbox.transfers.length, 0);
    await rejectsWithCode(
      rpc.call(TransfersRpc.list, { box: Box.INBOX, pageToken: 'garbage' }, q),
      ErrorCode.BAD_USER_INPUT,
    );
    const supervised = await rpc.call(
      TransfersRpc.list,
      { box: Box.SUPERVISED },
      { token: token['region-chief']! },
    );
    assert.equal(supervised.transfers.length, inbox);

    const byPact = await rpc.call(TransfersRpc.scorecards, { groupBy: ScorecardGrouping.PACT }, q);
    const pact = byPact.scorecards.find((s) => s.key === PACT)!;
    assert.ok(pact.sent >= 6 && pact.accepted >= 1 && pact.returned >= 1 && pact.objected >= 2);
    assert.ok(pact.medianHoursToAcknowledge !== undefined && pact.medianHoursToAcknowledge >= 0);
    const byOrg = await rpc.call(TransfersRpc.scorecards, { groupBy: ScorecardGrouping.ORGANIZATION }, q);
    assert.equal(byOrg.scorecards.find((s) => s.key === 'proc-540124')!.sent, 0);
    assert.ok(byOrg.scorecards.find((s) => s.key === 'proc-540522')!.sent >= 6);
    // What 贡嘎 cannot see is not counted for it: police sees nothing.
    const police = await rpc.call(
      TransfersRpc.scorecards,
      { groupBy: ScorecardGrouping.PACT },
      { token: token['gongga-police']! },
    );
    assert.equal(police.scorecards.length, 0);
  });

  it('names reasons and grounds as the schema enums do, on the timeline and in the events', async () => {
    const returned = await send();
    await rpc.call(
      TransfersRpc.return,
      { id: returned.id, reason: ReturnReason.NOT_OUR_JURISDICTION, text: '' },
      { token: token['qushui-prosecutor']! },
    );
    const objected = await send();
    await rpc.call(
      TransfersRpc.object,
      { id: objected.id, grounds: ObjectionGrounds.THIRD_PARTY_HAS_JURISDICTION, text: '应由乃东区院管辖' },
      { token: token['qushui-chief']! },
    );
    const codeOf = async (id: string, action: string) => {
      const { transfer } = await rpc.call(TransfersRpc.get, { id }, { token: token['gongga-chief']! });
      return transfer!.timeline.find((s) => s.action === action)?.code;
    };
    assert.equal(await codeOf(returned.id, 'returned'), 'NOT_OUR_JURISDICTION');
    assert.equal(await codeOf(objected.id, 'objected'), 'THIRD_PARTY_HAS_JURISDICTION');
    const events = await db.query(
      `SELECT subject, payload FROM transfers.outbox WHERE subject LIKE '%.returned.v1' OR subject LIKE '%.objected.v1'`,
    );
    const payloads = (events.rows as Array<{ payload: Buffer }>).map((r) =>
      fromBinary(TransferEventSchema, r.payload),
    );
    const event = payloads.find((e) => e.transferId === objected.id)!;
    assert.equal(event.code, 'THIRD_PARTY_HAS_JURISDICTION');
    assert.equal(event.summary, lead().summary, 'the objection carries the summary');
    assert.equal(event.senderCaseNumber, '贡检移〔2026〕3号');
    assert.equal(payloads.find((e) => e.transferId === returned.id)!.code, 'NOT_OUR_JURISDICTION');
  });

  it('converts stored step codes to the enum names (migration), and back', async () => {
    const sent = await send();
    await db.query(
      `INSERT INTO transfers.transfer_step (transfer_id, action, actor, actor_org, code)
       VALUES ($1, 'objected', 'old', 'proc-540124', 'sender-has-jurisdiction'),
              ($1, 'returned', 'old', 'proc-540124', 'incomplete-materials'),
              ($1, 'designated', 'old', 'proc-540000', 'proc-540124'),
              ($1, 'overdue', 'old', 'system', 'ACKNOWLEDGE')`,
      [sent.id],
    );
    const codes = async () =>
      (
        await db.query(
          `SELECT code FROM transfers.transfer_step WHERE transfer_id = $1 AND actor = 'old' ORDER BY id`,
          [sent.id],
        )
      ).rows.map((r: { code: string }) => r.code);
    const runner = { query: (sql: string) => db.query(sql) } as unknown as QueryRunner;
    const migration = new TimelineCodesAsEnumNames1764810000000();
    await migration.up(runner);
    assert.deepEqual(await codes(), [
      'SENDER_HAS_JURISDICTION',
      'INCOMPLETE_MATERIALS',
      'proc-540124',
      'ACKNOWLEDGE',
    ]);
    await migration.down(runner);
    assert.deepEqual(await codes(), [
      'sender-has-jurisdiction',
      'incomplete-materials',
      'proc-540124',
      'ACKNOWLEDGE',
    ]);
    await migration.up(runner);
  });

  it("names the consultation's host and secretary on its steps, and counts a consultation's acceptance as accepted", async () => {
    const card = async () =>
      (
        await rpc.call(
          TransfersRpc.scorecards,
          { groupBy: ScorecardGrouping.ORGANIZATION },
          { token: token['qushui-chief']! },
        )
      ).scorecards.find((s) => s.key === 'proc-540124')!;
    const before = await card();
    const sent = await send();
    await rpc.call(
      TransfersRpc.object,
      { id: sent.id, grounds: ObjectionGrounds.SENDER_HAS_JURISDICTION, text: '应由贡嘎管辖' },
      { token: token['qushui-chief']! },
    );
    const objectedCard = await card();
    assert.equal(objectedCard.objected, before.objected + 1, 'an open dispute counts as objected');
    const meetingId = '00000000-0000-4000-8000-0000000000c1';
    await meetingEvent(
      MeetingEvents.consultationScheduled.subject,
      toBinary(
        TransferConsultationScheduledSchema,
        create(TransferConsultationScheduledSchema, {
          meetingId,
          transferId: sent.id,
          hostOrg: 'proc-540522',
          scheduledFor: new Date(Date.now() + 3_600_000).toISOString(),
          occurredAt: new Date().toISOString(),
          actor: 'gongga-secretary',
        }),
      ),
    );
    await until(async () => (await stateOf(sent.id)) === 'in-consultation');
    await meetingEvent(
      MeetingEvents.consultationDecided.subject,
      toBinary(
        TransferConsultationDecidedSchema,
        create(TransferConsultationDecidedSchema, {
          meetingId,
          transferId: sent.id,
          outcome: ConsultationOutcome.RECEIVER_ACCEPTS,
          summary: '会商决定由曲水县院办理。',
          decidedAt: new Date().toISOString(),
          occurredAt: new Date().toISOString(),
          hostOrg: 'proc-540522',
          actor: 'gongga-secretary',
        }),
      ),
    );
    await until(async () => (await stateOf(sent.id)) === 'resolved');
    const { transfer } = await rpc.call(TransfersRpc.get, { id: sent.id }, { token: token['gongga-chief']! });
    assert.equal(transfer!.handlingOrg, 'proc-540124');
    const steps = transfer!.timeline.filter((s) => ['consultation-started', 'resolved'].includes(s.action));
    assert.deepEqual(
      steps.map(({ action, actor, actorOrg, code }) => ({ action, actor, actorOrg, code })),
      [
        { action: 'consultation-started', actor: 'gongga-secretary', actorOrg: 'proc-540522', code: '' },
        { action: 'resolved', actor: 'gongga-secretary', actorOrg: 'proc-540522', code: 'RECEIVER_ACCEPTS' },
      ],
    );
    const after = await card();
    assert.equal(after.accepted, before.accepted + 1, 'accepted through the consultation counts as accepted');
    assert.equal(after.objected, before.objected, 'and no longer as objected');
    assert.equal(after.received, before.received + 1);
  });

  it('refuses a police liaison officer listing transfers (FORBIDDEN), in every box', async () => {
    for (const box of [Box.INBOX, Box.OUTBOX, Box.SUPERVISED])
      await rejectsWithCode(
        rpc.call(TransfersRpc.list, { box }, { token: token['gongga-police']! }),
        ErrorCode.FORBIDDEN,
      );
  });
});
