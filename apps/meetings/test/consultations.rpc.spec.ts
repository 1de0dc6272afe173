import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { fromBinary, type MessageInitShape } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadCalendarData, shanghaiDate, WorkingDayCalendar } from '@yiti/calendar';
import { rejectsWithCode, startTestStack, type TestStack } from '@yiti/devstack';
import {
  ATTACHMENT_CHUNK_BYTES,
  ATTACHMENT_MAX_BYTES,
  ConsultationReason,
  ConsultationState,
  ConsultationType,
  ErrorCode,
  FollowUp,
  MeetingsRpc,
  PoliceConsultationEventSchema,
  type Consultation,
  type LogConsultationRequestSchema,
} from '@yiti/contracts';
import { RpcClient, RpcError } from '@yiti/messaging';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY = 86_400_000;

/**
 * Police consultations over real NATS, JetStream and PostgreSQL, with the real directory: logged by 贡嘎's
 * police liaison officer at 贡嘎's ISCO, answered by 贡嘎's procuratorate, seen by them and the procuratorates
 * above, and nobody else. The follow-up clock runs every second here.
 */
describe('police consultations', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let db: pg.Client;
  const token: Record<string, string> = {};
  const calendar = new WorkingDayCalendar(loadCalendarData());
  /** What the tests logged successfully: the statistics are checked against it. */
  const created = new Map<string, Consultation>();
  let keyNo = 0;
  const key = () => `test-key-${Date.now()}-${keyNo++}`;
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query(sql, params)).rows[0].n);
  const rows = () => count('SELECT count(*) AS n FROM meetings.police_consultation');
  const events = async (id?: string) =>
    (
      await db.query(
        `SELECT subject, payload FROM meetings.outbox WHERE subject LIKE '%.police-consultation.%' ORDER BY seq`,
      )
    ).rows
      .map((r: { subject: string; payload: Buffer }) => ({
        name: r.subject.replace(/^.*\.police-consultation\./, ''),
        event: fromBinary(PoliceConsultationEventSchema, r.payload),
      }))
      .filter((e) => !id || e.event.consultationId === id)
      .map((e) => e.name);
  const request = (overrides: Partial<MessageInitShape<typeof LogConsultationRequestSchema>> = {}) => ({
    iscoOrg: 'isco-540522',
    policeCaseNumber: '贡公（刑）立字〔2026〕101号',
    category: 'illegal-mining',
    type: ConsultationType.EARLY_INVOLVEMENT,
    question: '雅鲁藏布江贡嘎段非法采砂案，请就取证方向提出意见（测试）。',
    materials: ['现场勘验笔录', '航拍照片'],
    idempotencyKey: key(),
    ...overrides,
  });
  const log = async (overrides: Parameters<typeof request>[0] = {}, user = 'gongga-police') => {
    const { consultation } = await rpc.call(MeetingsRpc.logConsultation, request(overrides), {
      token: token[user]!,
    });
    created.set(consultation!.id, consultation!);
    return consultation!;
  };
  const opinion = (id: string, user: string, followUp = FollowUp.NONE, text = '同意，建议补充鉴定意见。') =>
    rpc.call(MeetingsRpc.recordOpinion, { id, opinion: text, followUp }, { token: token[user]! });
  const respond = (id: string, user = 'gongga-police', response = '已按意见办理。') =>
    rpc.call(MeetingsRpc.recordPoliceResponse, { id, response }, { token: token[user]! });
  const stateOf = async (id: string) =>
    (await db.query('SELECT state FROM meetings.police_consultation WHERE id = $1', [id])).rows[0]
      .state as string;
  const until = async (check: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not reached in 10 s');
      await sleep(50);
    }
  };
  const liaison = (org: string, preferred_username: string) =>
    stack.tokens.valid({ org, preferred_username, realm_access: { roles: ['police-liaison'] } });

  before(async () => {
    stack = await startTestStack({ env: { MEETINGS_SCHEDULE_SECONDS: '1' } });
    nc = await stack.connectNats();
    rpc = new RpcClient(nc, 5000, undefined, stack.subjectPrefix);
    db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    for (const user of [
      'gongga-police',
      'gongga-prosecutor',
      'gongga-chief',
      'gongga-secretary',
      'gongga-isco-secretary',
      'qushui-prosecutor',
      'city-chief',
      'region-chief',
    ])
      token[user] = await stack.login(user);
    token['naidong-police'] = await liaison('police-540502', 'naidong-police');
    token['qushui-police'] = await liaison('police-540124', 'qushui-police');
    token['liaison-at-procuratorate'] = await liaison('proc-540522', 'liaison-at-procuratorate');
    token['prosecutor-at-police'] = await stack.tokens.valid({
      org: 'police-540522',
      preferred_username: 'prosecutor-at-police',
      realm_access: { roles: ['prosecutor'] },
    });
  });

  after(async () => {
    await db?.end();
    await nc?.close();
    await stack?.stop();
  });

  it('refuses another county’s ISCO, malformed input and the wrong callers, writing nothing', async () => {
    const attempt = (overrides: Parameters<typeof request>[0], user = 'gongga-police') =>
      rpc.call(MeetingsRpc.logConsultation, request(overrides), { token: token[user]! });
    await rejectsWithCode(attempt({ iscoOrg: 'isco-540502' }), ErrorCode.FORBIDDEN, '乃东’s ISCO');
    await rejectsWithCode(attempt({}, 'naidong-police'), ErrorCode.FORBIDDEN, '乃东’s police at 贡嘎');
    await rejectsWithCode(attempt({}, 'gongga-prosecutor'), ErrorCode.FORBIDDEN, 'a prosecutor');
    await rejectsWithCode(
      attempt({}, 'liaison-at-procuratorate'),
      ErrorCode.FORBIDDEN,
      'not a police bureau',
    );
    // 曲水 (Lhasa) has no ISCO in the directory: the code is well formed but unknown.
    await rejectsWithCode(
      attempt({ iscoOrg: 'isco-540124' }, 'qushui-police'),
      ErrorCode.BAD_USER_INPUT,
      'unknown ISCO',
    );

    await assert.rejects(
      attempt({
        iscoOrg: 'isco-54052',
        policeCaseNumber: '<script>',
        category: 'Illegal Mining',
        type: ConsultationType.UNSPECIFIED,
        question: '   ',
        materials: Array.from({ length: 51 }, (_, i) => `材料${i}`),
        idempotencyKey: 'short',
      }),
      (err: unknown) => {
        assert.ok(err instanceof RpcError && err.code === ErrorCode.BAD_USER_INPUT);
        assert.deepEqual([...new Set(err.violations.map((v) => v.field))].sort(), [
          'category',
          'idempotencyKey',
          'iscoOrg',
          'materials',
          'policeCaseNumber',
          'question',
          'type',
        ]);
        return true;
      },
    );
    const malformed: Array<[string, Parameters<typeof request>[0]]> = [
      ['a procuratorate as the ISCO', { iscoOrg: 'proc-540522' }],
      ['a question over 4000 characters', { question: '问'.repeat(4001) }],
      ['a material over 200 characters', { materials: ['材'.repeat(201)] }],
      ['an empty material', { materials: ['笔录', ' '] }],
      ['no idempotency key', { idempotencyKey: '' }],
    ];
    for (const [what, overrides] of malformed)
      await rejectsWithCode(attempt(overrides), ErrorCode.BAD_USER_INPUT, what);

    assert.equal(await rows(), 0);
    assert.equal(await count('SELECT count(*) AS n FROM meetings.outbox'), 0);
    assert.equal(await count('SELECT count(*) AS n FROM meetings.idempotency'), 0);
  });

  it('logs once per idempotency key, at the officer’s ISCO with the county’s procuratorate', async () => {
    const same = request({ materials: [' 现场勘验笔录 '] });
    const t = { token: token['gongga-police']! };
    const [a, b] = await Promise.all([
      rpc.call(MeetingsRpc.logConsultation, same, t),
      rpc.call(MeetingsRpc.logConsultation, same, t),
    ]);
    const again = await rpc.call(MeetingsRpc.logConsultation, same, t);
    const logged = a.consultation!;
    created.set(logged.id, logged);
    assert.equal(b.consultation!.id, logged.id);
    assert.equal(again.consultation!.id, logged.id);
    assert.equal(await rows(), 1);
    assert.deepEqual(
      [logged.iscoOrg, logged.policeOrg, logged.procuratorateOrg, logged.state, logged.loggedBy],
      ['isco-540522', 'police-540522', 'proc-540522', ConsultationState.OPEN, 'gongga-police'],
    );
    assert.deepEqual(logged.materials, ['现场勘验笔录']);
    assert.equal(logged.followUp, FollowUp.UNSPECIFIED);
    assert.deepEqual(await events(logged.id), ['logged.v1']);
    await rejectsWithCode(
      rpc.call(MeetingsRpc.logConsultation, { ...same, question: '另一个问题' }, t),
      ErrorCode.CONFLICT,
    );
    assert.equal(await rows(), 1);
  });

  it('runs open → answered → closed, the lifecycle deciding who moves it and when', async () => {
    const filing = await log({
      type: ConsultationType.FILING_SUPERVISION,
      policeCaseNumber: '贡公（刑）不立字〔2026〕7号',
      category: 'illegal-fishing',
    });
    const early = await log({ policeCaseNumber: '贡公（刑）不立字〔2026〕7号', category: 'illegal-fishing' });
    await rejectsWithCode(respond(filing.id), ErrorCode.CONFLICT, 'a response before the opinion');
    await rejectsWithCode(opinion(filing.id, 'qushui-prosecutor'), ErrorCode.NOT_FOUND, 'another county');
    await rejectsWithCode(opinion(filing.id, 'city-chief'), ErrorCode.FORBIDDEN, 'the city');
    await rejectsWithCode(opinion(filing.id, 'gongga-secretary'), ErrorCode.FORBIDDEN, 'a secretary');
    await rejectsWithCode(opinion(filing.id, 'gongga-police'), ErrorCode.FORBIDDEN, 'the police');
    await rejectsWithCode(
      opinion(filing.id, 'gongga-prosecutor', FollowUp.UNSPECIFIED),
      ErrorCode.BAD_USER_INPUT,
    );
    await rejectsWithCode(
      opinion(filing.id, 'gongga-prosecutor', FollowUp.NONE, ' '),
      ErrorCode.BAD_USER_INPUT,
    );
    await rejectsWithCode(
      opinion(early.id, 'gongga-prosecutor', FollowUp.FILE_AFTER_NOTICE),
      ErrorCode.BAD_USER_INPUT,
      'a filing notice on early involvement',
    );
    assert.deepEqual([await stateOf(filing.id), await stateOf(early.id)], ['open', 'open']);

    const answered = (await opinion(filing.id, 'gongga-prosecutor', FollowUp.EXPLAIN_NON_FILING))
      .consultation!;
    assert.equal(answered.state, ConsultationState.ANSWERED);
    assert.equal(answered.opinionBy, 'gongga-prosecutor');
    assert.equal(answered.followUp, FollowUp.EXPLAIN_NON_FILING);
    assert.equal(
      answered.followUpDueAt,
      calendar.deadline(new Date(answered.opinionAt), 7).toISOString(),
      'seven working days from the opinion',
    );
    assert.equal(answered.followUpOverdue, false);
    await rejectsWithCode(opinion(filing.id, 'gongga-chief'), ErrorCode.CONFLICT, 'a second opinion');
    await rejectsWithCode(respond(filing.id, 'gongga-prosecutor'), ErrorCode.FORBIDDEN);
    await rejectsWithCode(respond(filing.id, 'city-chief'), ErrorCode.FORBIDDEN);

    const closed = (await respond(filing.id, 'gongga-police', '不立案理由：尚未达到追诉标准。'))
      .consultation!;
    assert.equal(closed.state, ConsultationState.CLOSED);
    assert.equal(closed.responseBy, 'gongga-police');
    assert.equal(closed.policeResponse, '不立案理由：尚未达到追诉标准。');
    assert.equal(closed.followUpOverdue, false);
    await rejectsWithCode(respond(filing.id), ErrorCode.CONFLICT, 'a second response');

    const plain = (await opinion(early.id, 'gongga-chief')).consultation!;
    assert.deepEqual([plain.followUp, plain.followUpDueAt], [FollowUp.NONE, '']);
    assert.deepEqual(await events(filing.id), ['logged.v1', 'answered.v1', 'responded.v1']);
  });

  it('marks a missed follow-up overdue once, and a late response still closes it', async () => {
    const notice = await log({
      type: ConsultationType.FILING_SUPERVISION,
      policeCaseNumber: '贡公〔2026〕31号',
    });
    const explain = await log({
      type: ConsultationType.FILING_SUPERVISION,
      policeCaseNumber: '贡公〔2026〕32号',
    });
    await opinion(notice.id, 'gongga-prosecutor', FollowUp.FILE_AFTER_NOTICE, '通知立案。');
    await opinion(explain.id, 'gongga-prosecutor', FollowUp.EXPLAIN_NON_FILING, '请说明不立案理由。');
    const expire = (id: string) =>
      db.query(
        `UPDATE meetings.police_consultation SET follow_up_due_at = now() - interval '1 minute' WHERE id = $1`,
        [id],
      );

    // The scheduler (every second) finds the missed clock.
    await expire(notice.id);
    await until(async () => (await events(notice.id)).includes('follow-up-overdue.v1'));
    const overdue = (
      await rpc.call(MeetingsRpc.getConsultation, { id: notice.id }, { token: token['gongga-chief']! })
    ).consultation!;
    assert.deepEqual([overdue.state, overdue.followUpOverdue], [ConsultationState.ANSWERED, true]);
    const late = (await respond(notice.id, 'gongga-police', '已立案。')).consultation!;
    assert.deepEqual([late.state, late.followUpOverdue], [ConsultationState.CLOSED, true]);

    // Responding late, whether the scheduler or the response finds it first: one overdue event.
    await expire(explain.id);
    const closed = (await respond(explain.id)).consultation!;
    assert.deepEqual([closed.state, closed.followUpOverdue], [ConsultationState.CLOSED, true]);
    await sleep(2500);
    assert.deepEqual(await events(notice.id), [
      'logged.v1',
      'answered.v1',
      'follow-up-overdue.v1',
      'responded.v1',
    ]);
    assert.deepEqual(await events(explain.id), [
      'logged.v1',
      'answered.v1',
      'responded.v1',
      'follow-up-overdue.v1',
    ]);
  });

  it('shows consultations only to the ISCO, police, procuratorate and the procuratorates above', async () => {
    const total = await rows();
    const list = (user: string, extra: object = {}) =>
      rpc.call(MeetingsRpc.listConsultations, { ...extra }, { token: token[user]! });
    for (const user of ['qushui-prosecutor', 'naidong-police'])
      assert.equal((await list(user)).consultations.length, 0, user);
    const [any] = created.keys();
    await rejectsWithCode(
      rpc.call(MeetingsRpc.getConsultation, { id: any! }, { token: token['qushui-prosecutor']! }),
      ErrorCode.NOT_FOUND,
    );
    for (const user of [
      'gongga-police',
      'gongga-prosecutor',
      'gongga-isco-secretary',
      'city-chief',
      'region-chief',
    ])
      assert.equal((await list(user)).consultations.length, total, user);

    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await list('city-chief', { pageSize: 2, pageToken });
      seen.push(...page.consultations.map((c) => c.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total, 'no consultation twice across pages');

    const closed = await list('city-chief', { states: [ConsultationState.CLOSED] });
    assert.equal(closed.consultations.length, 3);
    assert.ok(closed.consultations.every((c) => c.state === ConsultationState.CLOSED));
    const filing = await list('city-chief', { type: ConsultationType.FILING_SUPERVISION });
    assert.equal(filing.consultations.length, 3);
    const overdue = await list('gongga-police', { overdueOnly: true });
    assert.equal(overdue.consultations.length, 2);
    assert.ok(overdue.consultations.every((c) => c.followUpOverdue));
    await rejectsWithCode(list('city-chief', { pageToken: 'garbage' }), ErrorCode.BAD_USER_INPUT);
    await rejectsWithCode(list('city-chief', { pageSize: 201 }), ErrorCode.BAD_USER_INPUT);
  });

  it('lets the police edit or withdraw it before the opinion, and refuses both after it (CONFLICT)', async () => {
    const edit = (id: string, user = 'gongga-police', overrides: Record<string, unknown> = {}) =>
      rpc.call(
        MeetingsRpc.editConsultation,
        {
          id,
          policeCaseNumber: '贡公（刑）不立字〔2026〕31号',
          category: 'illegal-fishing',
          type: ConsultationType.FILING_SUPERVISION,
          question: '禁渔期电鱼，公安机关初查后未立案，请就是否立案提出意见（测试，已修改）。',
          materials: ['举报材料'],
          ...overrides,
        },
        { token: token[user]! },
      );
    const withdraw = (id: string, user = 'gongga-police') =>
      rpc.call(MeetingsRpc.withdrawConsultation, { id }, { token: token[user]! });
    const conflict = async (promise: Promise<unknown>, what: string) => {
      await assert.rejects(promise, (err: unknown) => {
        assert.ok(err instanceof RpcError, what);
        assert.equal(ErrorCode[err.code], 'CONFLICT', `${what}: ${err.message}`);
        assert.equal(err.reason.reason, 'CONSULTATION_ILLEGAL_MOVE', what);
        return true;
      });
    };

    const logged = await log();
    await rejectsWithCode(edit(logged.id, 'qushui-police'), ErrorCode.NOT_FOUND, 'another county’s police');
    await rejectsWithCode(edit(logged.id, 'gongga-prosecutor'), ErrorCode.FORBIDDEN, 'the procuratorate');
    await rejectsWithCode(edit(logged.id, 'gongga-isco-secretary'), ErrorCode.FORBIDDEN, 'the ISCO');
    await rejectsWithCode(
      edit(logged.id, 'gongga-police', { question: ' ' }),
      ErrorCode.BAD_USER_INPUT,
      'a blank question',
    );
    await rejectsWithCode(
      edit(logged.id, 'gongga-police', { category: 'no-such-category' }),
      ErrorCode.BAD_USER_INPUT,
      'a category outside the criminal line',
    );
    await rejectsWithCode(
      edit(logged.id, 'gongga-police', { materials: [''] }),
      ErrorCode.BAD_USER_INPUT,
      'an empty material',
    );
    assert.equal(
      (await db.query('SELECT question FROM meetings.police_consultation WHERE id = $1', [logged.id])).rows[0]
        .question,
      logged.question,
      'nothing refused was written',
    );

    const edited = (await edit(logged.id)).consultation!;
    assert.equal(edited.state, ConsultationState.OPEN);
    assert.equal(edited.type, ConsultationType.FILING_SUPERVISION);
    assert.equal(edited.category, 'illegal-fishing');
    assert.equal(edited.policeCaseNumber, '贡公（刑）不立字〔2026〕31号');
    assert.match(edited.question, /已修改/);
    assert.deepEqual(edited.materials, ['举报材料']);
    assert.equal(edited.editedBy, 'gongga-police');
    assert.ok(edited.editedAt, 'the edit is dated');
    assert.equal(edited.iscoOrg, 'isco-540522', 'the ISCO stays');
    created.set(edited.id, edited);

    // The edit took: the type is now filing supervision, so the opinion may start a follow-up clock.
    const answered = (await opinion(logged.id, 'gongga-prosecutor', FollowUp.EXPLAIN_NON_FILING))
      .consultation!;
    assert.equal(answered.state, ConsultationState.ANSWERED);
    await conflict(edit(logged.id), 'an edit after the opinion');
    await conflict(withdraw(logged.id), 'a withdrawal after the opinion');
    assert.deepEqual(await events(logged.id), ['logged.v1', 'edited.v1', 'answered.v1']);

    const other = await log();
    await rejectsWithCode(withdraw(other.id, 'gongga-prosecutor'), ErrorCode.FORBIDDEN, 'the procuratorate');
    await rejectsWithCode(withdraw(other.id, 'naidong-police'), ErrorCode.NOT_FOUND, 'another county');
    const withdrawn = (await withdraw(other.id)).consultation!;
    assert.equal(withdrawn.state, ConsultationState.WITHDRAWN);
    assert.equal(withdrawn.withdrawnBy, 'gongga-police');
    assert.ok(withdrawn.withdrawnAt);
    created.set(withdrawn.id, withdrawn);
    await conflict(opinion(other.id, 'gongga-prosecutor'), 'an opinion on a withdrawn consultation');
    await conflict(edit(other.id), 'an edit after the withdrawal');
    await conflict(withdraw(other.id), 'a second withdrawal');
    assert.equal(await stateOf(other.id), 'withdrawn');
    assert.deepEqual(await events(other.id), ['logged.v1', 'withdrawn.v1']);
    const { consultations } = await rpc.call(
      MeetingsRpc.listConsultations,
      { states: [ConsultationState.WITHDRAWN], pageSize: 200 },
      { token: token['gongga-prosecutor']! },
    );
    assert.deepEqual(
      consultations.map((c) => c.id),
      [other.id],
      'only the withdrawn one is listed as withdrawn',
    );
  });

  it('lets a prosecutor open a supervision matter that the county’s police answer', async () => {
    const matter = (overrides: Record<string, unknown> = {}, user = 'gongga-prosecutor') =>
      rpc.call(
        MeetingsRpc.openSupervisionMatter,
        {
          iscoOrg: 'isco-540522',
          policeCaseNumber: '贡公（刑）立字〔2026〕101号',
          category: 'illegal-mining',
          type: ConsultationType.COMPULSORY_MEASURE_REVIEW,
          materials: ['逮捕决定书'],
          idempotencyKey: key(),
          question: '犯罪嫌疑人已羁押四个月，经审查无继续羁押必要（测试）。',
          opinion: '建议变更为取保候审，并在十日内反馈处理情况。',
          followUp: FollowUp.REPORT_MEASURE_HANDLING,
          ...overrides,
        },
        { token: token[user]! },
      );
    const before = await rows();
    await rejectsWithCode(matter({}, 'gongga-police'), ErrorCode.FORBIDDEN, 'the police');
    await rejectsWithCode(matter({}, 'gongga-secretary'), ErrorCode.FORBIDDEN, 'a secretary');
    const refused = async (
      overrides: Record<string, unknown>,
      reason: string,
      user = 'gongga-prosecutor',
    ) => {
      const error = await matter(overrides, user).then(
        () => assert.fail(`expected ${reason}`),
        (e: unknown) => e as RpcError,
      );
      assert.equal(error.reason.reason, reason);
    };
    await refused({ iscoOrg: 'isco-540124' }, 'CONSULTATION_SUPERVISION_AT_ANOTHER_COUNTY');
    await refused({}, 'CONSULTATION_SUPERVISION_AT_ANOTHER_COUNTY', 'qushui-prosecutor');
    await refused({}, 'CONSULTATION_NOT_A_PROCURATORATE', 'prosecutor-at-police');
    await refused({ type: ConsultationType.EARLY_INVOLVEMENT }, 'CONSULTATION_NOT_A_SUPERVISION_TYPE');
    await refused(
      { type: ConsultationType.FILING_SUPERVISION },
      'CONSULTATION_FOLLOW_UP_NEEDS_MEASURE_REVIEW',
    );
    await refused(
      { followUp: FollowUp.EXPLAIN_NON_FILING },
      'CONSULTATION_FOLLOW_UP_NEEDS_FILING_SUPERVISION',
    );
    await rejectsWithCode(matter({ opinion: ' ' }), ErrorCode.BAD_USER_INPUT, 'no demand');
    await rejectsWithCode(matter({ idempotencyKey: '' }), ErrorCode.BAD_USER_INPUT, 'no key');
    await rejectsWithCode(matter({ category: 'no-such-category' }), ErrorCode.BAD_USER_INPUT);
    assert.equal(await rows(), before, 'nothing refused was written');

    const same = { idempotencyKey: key() };
    const opened = (await matter(same)).consultation!;
    assert.equal((await matter(same)).consultation!.id, opened.id, 'a retry returns the first matter');
    assert.equal(await rows(), before + 1);
    assert.equal(opened.supervisionMatter, true);
    assert.equal(opened.state, ConsultationState.ANSWERED, 'it waits for the police response');
    assert.deepEqual(
      [opened.iscoOrg, opened.policeOrg, opened.procuratorateOrg, opened.loggedBy, opened.opinionBy],
      ['isco-540522', 'police-540522', 'proc-540522', 'gongga-prosecutor', 'gongga-prosecutor'],
    );
    assert.equal(opened.followUp, FollowUp.REPORT_MEASURE_HANDLING);
    assert.equal(
      opened.followUpDueAt,
      calendar.deadline(new Date(opened.opinionAt), 10).toISOString(),
      'ten working days from the demand',
    );
    created.set(opened.id, opened);

    // The police of the county see it and answer; another county's do not see it.
    const seen = await rpc.call(
      MeetingsRpc.getConsultation,
      { id: opened.id },
      { token: token['gongga-police']! },
    );
    assert.equal(seen.consultation!.opinion, '建议变更为取保候审，并在十日内反馈处理情况。');
    await rejectsWithCode(
      respond(opened.id, 'qushui-police'),
      ErrorCode.NOT_FOUND,
      'another county’s police',
    );
    await rejectsWithCode(opinion(opened.id, 'gongga-chief'), ErrorCode.CONFLICT, 'a second demand');
    const closed = (await respond(opened.id, 'gongga-police', '已变更为取保候审。')).consultation!;
    assert.deepEqual([closed.state, closed.responseBy], [ConsultationState.CLOSED, 'gongga-police']);
    created.set(closed.id, closed);
    assert.deepEqual(await events(opened.id), ['supervision-opened.v1', 'responded.v1']);

    // A filing-supervision matter sets a filing clock; the same clock fits a consultation of that type only.
    const filing = (
      await matter({
        type: ConsultationType.FILING_SUPERVISION,
        followUp: FollowUp.EXPLAIN_NON_FILING,
        question: '群众举报盗挖虫草案公安机关未立案（测试）。',
        opinion: '请在七日内书面说明不立案理由。',
      })
    ).consultation!;
    assert.equal(filing.followUpDueAt, calendar.deadline(new Date(filing.opinionAt), 7).toISOString());
    created.set(filing.id, filing);
    const review = await log({ type: ConsultationType.COMPULSORY_MEASURE_REVIEW });
    const answered = (await opinion(review.id, 'gongga-prosecutor', FollowUp.REPORT_MEASURE_HANDLING))
      .consultation!;
    assert.equal(answered.followUp, FollowUp.REPORT_MEASURE_HANDLING);
    assert.equal(answered.supervisionMatter, false);
    created.set(answered.id, answered);
  });

  it('counts per office what was logged, answered late and held, only for those who may see it', async () => {
    const all = [...created.values()];
    const today = Date.now();
    const period = {
      fromDate: shanghaiDate(new Date(today - DAY)),
      toDate: shanghaiDate(new Date(today + DAY)),
    };
    // Outside the period: logged a year ago.
    await db.query(
      `INSERT INTO meetings.police_consultation (id, isco_org, police_org, procuratorate_org, police_case_number,
         category, type, question, state, visible_to, logged_by, logged_at)
       SELECT gen_random_uuid(), isco_org, police_org, procuratorate_org, '贡公〔2025〕1号', category,
              'evidence-guidance', question, 'open', visible_to, logged_by, now() - interval '1 year'
         FROM meetings.police_consultation WHERE id = $1`,
      [all[0]!.id],
    );
    // ISCO consultation meetings at 贡嘎: two held in the period, one held last year, one still scheduled, a
    // meeting of another kind, and one held with the police alone (the procuratorates cannot see it).
    const parties = '{isco-540522,police-540522,proc-540522,proc-540500,proc-540000}';
    await db.query(
      `INSERT INTO meetings.meeting (kind, state, host_org, title, starts_at, ends_at, visible_to, created_by,
         concluded_at)
       SELECT kind, state, 'isco-540522', '侦协办会商（测试）', now() + starts, now() + starts + interval '1 hour',
              visible_to::text[], 't', now() + concluded
         FROM (VALUES ('isco-consultation', 'concluded', interval '-2 hours', interval '0', $1),
                      ('isco-consultation', 'minutes-approved', interval '-3 hours', interval '-1 hour', $1),
                      ('isco-consultation', 'minutes-approved', interval '-1 year', interval '-1 year', $1),
                      ('isco-consultation', 'scheduled', interval '1 day', NULL, $1),
                      ('pact-liaison', 'concluded', interval '-2 hours', interval '0', $1),
                      ('isco-consultation', 'concluded', interval '-2 hours', interval '0',
                       '{isco-540522,police-540522}')) AS m (kind, state, starts, concluded, visible_to)`,
      [parties],
    );
    const statistics = async (user: string, extra: object = period) =>
      (await rpc.call(MeetingsRpc.consultationStatistics, { ...extra }, { token: token[user]! })).offices;

    const [office] = await statistics('city-chief');
    const byType = (type: ConsultationType) => all.filter((c) => c.type === type).length;
    assert.deepEqual(
      {
        iscoOrg: office!.iscoOrg,
        consultations: office!.consultations,
        byType: office!.byType.map((t) => [t.type, t.count]),
        casesConsulted: office!.casesConsulted,
        meetingsHeld: office!.meetingsHeld,
        overdueFollowUps: office!.overdueFollowUps,
      },
      {
        iscoOrg: 'isco-540522',
        consultations: all.length,
        byType: [1, 2, 3, 4, 5].map((t) => [t, byType(t)]),
        casesConsulted: new Set(all.map((c) => c.policeCaseNumber)).size,
        meetingsHeld: 2,
        overdueFollowUps: 2,
      },
    );
    assert.ok(office!.casesConsulted < office!.consultations, 'one case consulted twice counts once');
    // Unbounded: last year's consultation and meeting too; the police see the meeting held with them alone.
    const unbounded = await statistics('gongga-police', {});
    assert.deepEqual([unbounded[0]!.consultations, unbounded[0]!.meetingsHeld], [all.length + 1, 4]);
    const ahead = shanghaiDate(new Date(today + 3 * DAY));
    assert.deepEqual(await statistics('region-chief', { fromDate: ahead, toDate: ahead }), []);
    assert.deepEqual(await statistics('qushui-prosecutor'), []);
    assert.deepEqual(await statistics('city-chief', { ...period, iscoOrg: 'isco-540502' }), []);
    assert.equal((await statistics('gongga-chief', { iscoOrg: 'isco-540522' })).length, 1);
    await rejectsWithCode(statistics('city-chief', { iscoOrg: 'proc-540522' }), ErrorCode.BAD_USER_INPUT);
    await rejectsWithCode(statistics('city-chief', { fromDate: '2026-02-30' }), ErrorCode.BAD_USER_INPUT);
    await rejectsWithCode(
      statistics('city-chief', { fromDate: '2026-03-02', toDate: '2026-03-01' }),
      ErrorCode.BAD_USER_INPUT,
    );
  });

  it('takes files from the police before the opinion, serves them to both parties, refuses the rest', async () => {
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const files = () => count('SELECT count(*) AS n FROM meetings.consultation_attachment');
    const chunks = () => count('SELECT count(*) AS n FROM meetings.consultation_attachment_chunk');
    const refused = async (promise: Promise<unknown>, reason: { reason: string }, what: string) => {
      await assert.rejects(promise, (err: unknown) => {
        assert.ok(err instanceof RpcError, `${what}: ${String(err)}`);
        assert.equal(err.reason.reason, reason.reason, `${what}: ${err.message}`);
        return true;
      });
    };
    const begin = (consultationId: string, content: Uint8Array, user = 'gongga-police', extra = {}) =>
      rpc.call(
        MeetingsRpc.beginConsultationAttachment,
        {
          consultationId,
          filename: '现场照片.jpg',
          mediaType: 'image/jpeg',
          size: BigInt(content.length),
          sha256: sha(content),
          ...extra,
        },
        { token: token[user]! },
      );
    const put = (attachmentId: string, content: Uint8Array, user = 'gongga-police') =>
      Promise.all(
        Array.from({ length: Math.max(1, Math.ceil(content.length / ATTACHMENT_CHUNK_BYTES)) }, (_, index) =>
          rpc.call(
            MeetingsRpc.putConsultationAttachmentChunk,
            {
              attachmentId,
              index,
              data: content.subarray(index * ATTACHMENT_CHUNK_BYTES, (index + 1) * ATTACHMENT_CHUNK_BYTES),
            },
            { token: token[user]! },
          ),
        ),
      );
    const complete = (attachmentId: string, user = 'gongga-police') =>
      rpc.call(MeetingsRpc.completeConsultationAttachment, { attachmentId }, { token: token[user]! });
    const download = async (consultationId: string, attachmentId: string, user: string) => {
      const options = { token: token[user]! };
      const first = await rpc.call(
        MeetingsRpc.readConsultationAttachmentChunk,
        { attachmentId, index: 0, consultationId },
        options,
      );
      const parts = [first.data];
      for (let index = 1; index < first.chunkCount; index++)
        parts.push(
          (
            await rpc.call(
              MeetingsRpc.readConsultationAttachmentChunk,
              { attachmentId, index, consultationId },
              options,
            )
          ).data,
        );
      return { attachment: first.attachment!, content: Buffer.concat(parts) };
    };

    const logged = await log();
    const content = randomBytes(ATTACHMENT_CHUNK_BYTES + 4321);
    const begun = await begin(logged.id, content);
    assert.equal(begun.chunkSize, ATTACHMENT_CHUNK_BYTES);
    await put(begun.attachmentId, content);
    const { attachment } = await complete(begun.attachmentId);
    assert.equal(attachment!.filename, '现场照片.jpg');
    assert.equal(attachment!.sha256, sha(content));
    assert.equal(attachment!.size, BigInt(content.length));
    assert.equal(attachment!.uploadedByOrg, 'police-540522');

    // Both parties (and the superiors) read it; the consultation lists it.
    for (const user of ['gongga-prosecutor', 'gongga-police', 'city-chief']) {
      const got = await download(logged.id, attachment!.id, user);
      assert.ok(got.content.equals(content), `${user} gets the same bytes`);
      assert.equal(got.attachment.id, attachment!.id);
    }
    const seen = await rpc.call(
      MeetingsRpc.getConsultation,
      { id: logged.id },
      { token: token['gongga-prosecutor']! },
    );
    assert.deepEqual(
      seen.consultation!.attachments.map((a) => [a.filename, a.sha256]),
      [['现场照片.jpg', sha(content)]],
    );
    // Whoever cannot see the consultation cannot see its files; nor under another consultation.
    const other = await log();
    await refused(
      download(logged.id, attachment!.id, 'qushui-prosecutor'),
      ConsultationReason.ATTACHMENT_NOT_FOUND,
      'another county',
    );
    await refused(
      download(other.id, attachment!.id, 'gongga-prosecutor'),
      ConsultationReason.ATTACHMENT_NOT_FOUND,
      'under another consultation',
    );

    // Each refusal writes nothing.
    const before = [await files(), await chunks()];
    const small = Buffer.from('询问笔录（测试）');
    await refused(
      begin(logged.id, small, 'gongga-police', { size: BigInt(ATTACHMENT_MAX_BYTES + 1) }),
      ConsultationReason.ATTACHMENT_TOO_LARGE,
      'too large',
    );
    await refused(
      begin(logged.id, small, 'gongga-police', { mediaType: 'application/x-msdownload', filename: 'a.exe' }),
      ConsultationReason.ATTACHMENT_BAD_TYPE,
      'an executable',
    );
    await refused(
      begin(logged.id, small, 'gongga-prosecutor'),
      ConsultationReason.ATTACHMENT_NOT_ALLOWED,
      'the procuratorate',
    );
    await refused(
      begin(logged.id, small, 'gongga-isco-secretary'),
      ConsultationReason.ATTACHMENT_NOT_ALLOWED,
      'the ISCO',
    );
    await rejectsWithCode(begin(logged.id, small, 'qushui-police'), ErrorCode.NOT_FOUND, 'another county');
    await refused(
      put('00000000-0000-4000-8000-000000000000', small),
      ConsultationReason.ATTACHMENT_UNKNOWN_UPLOAD,
      'an unknown upload',
    );
    await refused(
      complete(begun.attachmentId),
      ConsultationReason.ATTACHMENT_UNKNOWN_UPLOAD,
      'completed twice',
    );
    // Someone else's upload is unknown to the caller.
    const theirs = await begin(logged.id, small);
    await refused(
      put(theirs.attachmentId, small, 'naidong-police'),
      ConsultationReason.ATTACHMENT_UNKNOWN_UPLOAD,
      'not theirs',
    );
    // Bytes that do not match the declared SHA-256: the upload is dropped.
    await put(theirs.attachmentId, Buffer.from('询问笔录（篡改）'));
    await refused(
      complete(theirs.attachmentId),
      ConsultationReason.ATTACHMENT_CHECKSUM_MISMATCH,
      'corrupted',
    );
    assert.deepEqual([await files(), await chunks()], before, 'nothing kept from the refusals');

    // After the opinion the police may no longer attach: refused at begin, and at completion (dropped).
    const late = await begin(other.id, small);
    await put(late.attachmentId, small);
    await opinion(other.id, 'gongga-prosecutor');
    await refused(
      complete(late.attachmentId),
      ConsultationReason.ATTACHMENT_NOT_ALLOWED,
      'completed after the opinion',
    );
    await refused(
      begin(other.id, small),
      ConsultationReason.ATTACHMENT_NOT_ALLOWED,
      'begun after the opinion',
    );
    assert.deepEqual([await files(), await chunks()], before, 'the late upload was dropped');

    // Content altered at rest is refused, never served.
    await db.query(
      `UPDATE meetings.consultation_attachment_chunk SET data = overlay(data placing '\\x00'::bytea from 5 for 1)
        WHERE attachment_id = $1 AND index = 1`,
      [attachment!.id],
    );
    await refused(
      download(logged.id, attachment!.id, 'gongga-prosecutor'),
      ConsultationReason.ATTACHMENT_CORRUPTED_AT_REST,
      'corrupted at rest',
    );
  });
});
