import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { NatsConnection } from '@nats-io/transport-node';
import { ATTACHMENT_MAX_BYTES, MeetingsRpc } from '@yiti/contracts';
import { startTestStack, type GraphQLResult, type TestStack } from '@yiti/devstack';
import { codeOf, countRequests, ok, reasonOf, refusal, zhOf } from './helpers.js';
import { ensureMinutesTools } from './minutes-tools.js';
const DAY_MS = 86_400_000;

const MEETING_FIELDS = `id kind state hostOrg title startsAt endsAt location version calendarPath cancelledReason
  minutesPdfPath minutesDocxPath
  host { code nameZh } invitees { org username } attendees { username org role present }
  agenda { number title caseNumber decision referToCommittee majority { text holders } minorities { text holders }
    actions { id ownerOrg description dueWithinDays dueDate status itemNumber } }
  minutes minutesDigest signatures { username org digest valid } awaitingSignatures concludedAt`;
const CONSULTATION_FIELDS = `id iscoOrg policeOrg procuratorateOrg policeCaseNumber category type question materials
  state loggedBy opinion opinionBy followUp followUpDueAt followUpOverdue policeResponse responseBy
  isco { code } policeBureau { code } procuratorate { code nameZh }`;

type Row = Record<string, unknown>;
type Action = { id: string; ownerOrg: string; dueDate: string | null; status: string; itemNumber: number };
type MeetingView = Record<'id' | 'kind' | 'state' | 'hostOrg' | 'title', string> &
  Record<
    | 'calendarPath'
    | 'minutes'
    | 'minutesDigest'
    | 'concludedAt'
    | 'location'
    | 'minutesPdfPath'
    | 'minutesDocxPath',
    string | null
  > & {
    version: number;
    host: Row | null;
    attendees: Row[];
    agenda: (Row & { actions: Action[] })[];
    signatures: { username: string; org: string; digest: string; valid: boolean }[];
    awaitingSignatures: string[];
  };
type ConsultationView = Record<
  'id' | 'state' | 'type' | 'iscoOrg' | 'policeOrg' | 'procuratorateOrg',
  string
> &
  Record<'opinion' | 'followUp' | 'followUpDueAt' | 'policeResponse', string | null> &
  Row;

const CREATE = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { ${MEETING_FIELDS} } }`;
const GET = `query($id: ID!) { meeting(id: $id) { ${MEETING_FIELDS} } }`;
/** A mutation that takes the meeting id and expected version, plus `args` (declared in `params`). */
const versioned = (name: string, params = '', args = '') =>
  `mutation($id: ID!, $v: Int!${params}) { ${name}(id: $id, expectedVersion: $v${args}) { ${MEETING_FIELDS} } }`;
const START = versioned('startMeeting');
const CONCLUDE = versioned('concludeMeeting');
const ATTENDANCE = versioned(
  'recordAttendance',
  ', $attendees: [AttendeeInput!]!',
  ', attendees: $attendees',
);
const ITEM = versioned('recordAgendaItem', ', $item: AgendaItemInput!', ', item: $item');
const MINUTES = versioned('writeMinutes', ', $minutes: String!', ', minutes: $minutes');
const UPDATE = versioned('updateMeeting', ', $details: MeetingDetailsInput!', ', details: $details');
const SIGN = `mutation($id: ID!, $digest: String!) { signMinutes(id: $id, digest: $digest) { ${MEETING_FIELDS} } }`;
const LOG = `mutation($input: LogConsultationInput!) { logConsultation(input: $input) { ${CONSULTATION_FIELDS} } }`;

const key = () => randomUUID();
/** RFC 3339 `days` from now (UTC, with milliseconds). */
const inDays = (days: number, hours = 0) =>
  new Date(Date.now() + days * DAY_MS + hours * 3_600_000).toISOString();

const JOINT = {
  kind: 'PROSECUTORS_JOINT',
  title: '检察官联席会议：雅鲁藏布江流域非法采砂系列案',
  // Within the hour: a meeting may be started from 60 minutes before its start.
  startsAt: inDays(0, 0.5),
  endsAt: inDays(0, 2.5),
  location: '山南市人民检察院第三会议室',
  invitees: [{ org: 'proc-540522' }, { org: 'proc-540522', username: 'gongga-prosecutor' }],
};

/** Meetings and police consultations through the gateway over the real stack, meetings service included. */
describe('gateway meetings and consultations', () => {
  let stack: TestStack;
  let nc: NatsConnection;
  const token: Record<string, string> = {};

  const gql = <T>(user: string, query: string, variables: Record<string, unknown> = {}) =>
    stack.graphql<T>(query, { token: token[user], variables });
  /** Runs a mutation that answers a meeting and returns it (failing the test on an error). */
  const meetingOf = async (user: string, query: string, variables: Record<string, unknown>) => {
    const data = ok(await gql<Record<string, MeetingView>>(user, query, variables));
    return Object.values(data)[0]!;
  };
  const create = (input: Record<string, unknown>, user = 'city-secretary') =>
    gql<{ createMeeting: MeetingView }>(user, CREATE, { input });
  /** Runs `action` and counts the NATS requests published on `subject` meanwhile. */
  const counting = <T>(subject: string, action: () => Promise<T>) =>
    countRequests(nc, stack.subjectPrefix + subject, action);
  const violationsOf = (result: GraphQLResult<unknown>) =>
    (result.errors?.[0]?.extensions?.['violations'] as { field: string; message: string }[] | undefined) ??
    [];

  before(async () => {
    // The gateway checks the minutes fonts when it boots.
    ensureMinutesTools();
    stack = await startTestStack();
    nc = await stack.connectNats();
    const users = [
      'city-secretary',
      'gongga-secretary',
      'gongga-isco-secretary',
      'gongga-prosecutor',
      'gongga-chief',
      'city-chief',
      'qushui-chief',
      'gongga-police',
    ];
    for (const user of users) token[user] = await stack.login(user);
    const minted = (username: string, org: string, roles: string[]) =>
      stack.tokens.valid({
        preferred_username: username,
        org,
        realm_access: { roles },
        exp: Math.floor(Date.now() / 1000) + 3600,
      });
    token['city-prosecutor-a'] = await minted('city-prosecutor-a', 'proc-540500', ['prosecutor']);
    token['city-prosecutor-b'] = await minted('city-prosecutor-b', 'proc-540500', ['prosecutor']);
    token['stranger'] = await minted('cona-prosecutor', 'proc-540581', ['prosecutor']);
  });

  after(async () => {
    await nc?.close();
    await stack?.stop();
  });

  it('refuses malformed input at the gateway with violations, and nothing reaches the service', async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['bad organization code', { invitees: [{ org: 'proc-54052' }] }, /org must be an organization code/],
      [
        'date-time not in RFC 3339',
        { startsAt: '2026-05-12 09:30' },
        /startsAt must be a date-time in RFC 3339/,
      ],
      ['missing idempotency key', { idempotencyKey: '' }, /idempotencyKey is required/],
      [
        '201-character title',
        { title: '会'.repeat(201) },
        /title must be shorter than or equal to 200 characters/,
      ],
    ];
    const [results, requests] = await counting(MeetingsRpc.create.subject, () =>
      Promise.all(cases.map(([, change]) => create({ ...JOINT, idempotencyKey: key(), ...change }))),
    );
    results.forEach((r, i) => {
      const [what, , message] = cases[i]!;
      assert.equal(codeOf(r), 'BAD_USER_INPUT', what);
      assert.match(r.errors![0]!.message, message, what);
      assert.ok(violationsOf(r).length > 0, what);
    });
    assert.equal(codeOf(await create({ ...JOINT })), 'BAD_USER_INPUT', 'the schema requires the key');
    const badLog = await gql('gongga-police', LOG, {
      input: {
        iscoOrg: 'police-540522',
        policeCaseNumber: '贡公刑〔2026〕88号',
        category: 'illegal-mining',
        type: 'EARLY_INVOLVEMENT',
        question: '   ',
        idempotencyKey: key(),
      },
    });
    assert.equal(codeOf(badLog), 'BAD_USER_INPUT');
    assert.deepEqual(
      violationsOf(badLog)
        .map((v) => v.field)
        .sort(),
      ['iscoOrg', 'question'],
    );
    assert.equal(requests, 0, 'nothing reached the meetings service');

    // Well-formed but refused by the service: a start in the past, an organization the directory does not know.
    const past = await create({
      ...JOINT,
      startsAt: inDays(-1),
      endsAt: inDays(-1, 2),
      idempotencyKey: key(),
    });
    assert.equal(codeOf(past), 'BAD_USER_INPUT');
    assert.match(past.errors![0]!.message, /must be in the future/);
    const unknown = await create({ ...JOINT, invitees: [{ org: 'proc-540599' }], idempotencyKey: key() });
    assert.equal(codeOf(unknown), 'BAD_USER_INPUT');
    assert.match(unknown.errors![0]!.message, /proc-540599/);
    const listed = ok(await gql('city-secretary', '{ meetings { items { id } nextCursor } }'));
    assert.deepEqual(listed, { meetings: { items: [], nextCursor: null } });
  });

  let joint: MeetingView;

  it("runs a secretary's full cycle: create, start, attendance, 5 items, conclude, minutes, every signature", async () => {
    const idempotencyKey = key();
    const created = ok(await create({ ...JOINT, idempotencyKey })).createMeeting;
    assert.deepEqual(
      [created.state, created.kind, created.hostOrg, created.version, created.location],
      ['SCHEDULED', 'PROSECUTORS_JOINT', 'proc-540500', 1, JOINT.location],
    );
    assert.deepEqual(created.host, { code: 'proc-540500', nameZh: '山南市人民检察院' });
    assert.equal(created.calendarPath, `/meetings/${created.id}/calendar.ics`);
    const retried = ok(await create({ ...JOINT, idempotencyKey })).createMeeting;
    assert.deepEqual([retried.id, retried.version], [created.id, 1], 'a retry returns the first meeting');
    assert.equal(codeOf(await create({ ...JOINT, title: '另一个会议', idempotencyKey })), 'CONFLICT');
    assert.equal(codeOf(await gql('gongga-prosecutor', START, { id: created.id, v: 1 })), 'FORBIDDEN');

    let m = await meetingOf('city-secretary', START, { id: created.id, v: 1 });
    assert.deepEqual([m.state, m.version], ['IN_SESSION', 2]);
    const attendees = [
      { username: 'city-chief', org: 'proc-540500', role: 'CHIEF_PROSECUTOR', present: true },
      { username: 'city-prosecutor-a', org: 'proc-540500', role: 'PROSECUTOR', present: true },
      { username: 'city-prosecutor-b', org: 'proc-540500', role: 'PROSECUTOR', present: false },
      { username: 'gongga-chief', org: 'proc-540522', role: 'CHIEF_PROSECUTOR', present: true },
      { username: 'gongga-prosecutor', org: 'proc-540522', role: 'PROSECUTOR', present: true },
    ];
    m = await meetingOf('city-secretary', ATTENDANCE, { id: m.id, v: m.version, attendees });
    assert.equal(m.attendees.length, 5);

    const items = [
      {
        number: 1,
        title: '贡嘎县吉雄镇段非法采砂案是否提请检察委员会',
        caseNumber: '贡检刑诉〔2026〕12号',
        decision: '建议提请检察委员会讨论决定。',
        majority: {
          text: '证据确实充分，应当起诉。',
          holders: ['city-chief', 'gongga-chief', 'city-prosecutor-a'],
        },
        minorities: [{ text: '主观明知的证据不足。', holders: ['gongga-prosecutor'] }],
        referToCommittee: true,
        actions: [{ ownerOrg: 'proc-540522', description: '补充调取采砂船只航行记录', dueWithinDays: 5 }],
      },
      { number: 2, title: '昌珠镇段采砂线索', caseNumber: '贡公刑〔2026〕88号', decision: '移送公安机关。' },
      { number: 3, title: '扎囊县段非法捕捞线索', decision: '继续调查。' },
      {
        number: 4,
        title: '流域生态修复公益诉讼',
        decision: '启动诉前程序。',
        actions: [{ ownerOrg: 'proc-540500', description: '起草检察建议', dueWithinDays: 10 }],
      },
      { number: 5, title: '下次会议安排', decision: '下月第一周召开。' },
    ];
    for (const item of items) m = await meetingOf('city-secretary', ITEM, { id: m.id, v: m.version, item });
    assert.deepEqual(
      m.agenda.map((i) => i['number']),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(m.agenda[0]!['minorities'], [
      { text: '主观明知的证据不足。', holders: ['gongga-prosecutor'] },
    ]);
    assert.equal(m.agenda[0]!.actions[0]!.dueDate, null, 'no due date before the meeting concludes');
    assert.equal(m.version, 8);

    m = await meetingOf('city-secretary', CONCLUDE, { id: m.id, v: m.version });
    assert.deepEqual([m.state, !!m.concludedAt], ['CONCLUDED', true]);
    assert.match(m.agenda[0]!.actions[0]!.dueDate ?? '', /^\d{4}-\d{2}-\d{2}$/);

    m = await meetingOf('city-secretary', MINUTES, {
      id: m.id,
      v: m.version,
      minutes: '  会议由山南市人民检察院主持。\r\n与会检察官就五个议题形成意见。  ',
    });
    assert.equal(m.minutes, '会议由山南市人民检察院主持。\n与会检察官就五个议题形成意见。');
    assert.match(m.minutesDigest ?? '', /^[0-9a-f]{64}$/);
    const present = ['city-chief', 'city-prosecutor-a', 'gongga-chief', 'gongga-prosecutor'];
    assert.deepEqual([...m.awaitingSignatures].sort(), present);

    // A signature on minutes that then change is shown invalid, and its signer is asked again.
    m = await meetingOf('city-chief', SIGN, { id: m.id, digest: m.minutesDigest });
    assert.equal(codeOf(await gql('city-chief', SIGN, { id: m.id, digest: m.minutesDigest })), 'CONFLICT');
    assert.equal(
      codeOf(await gql('city-prosecutor-b', SIGN, { id: m.id, digest: m.minutesDigest })),
      'FORBIDDEN',
    );
    const firstDigest = m.minutesDigest;
    m = await meetingOf('city-secretary', MINUTES, {
      id: m.id,
      v: m.version,
      minutes: `${m.minutes!}\n会议记录人：市院办公室。`,
    });
    assert.notEqual(m.minutesDigest, firstDigest);
    assert.deepEqual(
      m.signatures.map((s) => [s.username, s.digest === firstDigest, s.valid]),
      [['city-chief', true, false]],
    );
    assert.deepEqual([...m.awaitingSignatures].sort(), present);
    const stale = await gql('gongga-chief', SIGN, { id: m.id, digest: firstDigest });
    assert.equal(codeOf(stale), 'CONFLICT', 'signing minutes that are no longer the minutes');

    for (const [i, user] of present.entries()) {
      m = await meetingOf(user, SIGN, { id: m.id, digest: m.minutesDigest });
      assert.equal(m.state, i === present.length - 1 ? 'MINUTES_APPROVED' : 'CONCLUDED', user);
    }
    assert.deepEqual(m.awaitingSignatures, []);
    assert.equal(m.signatures.filter((s) => s.valid).length, 4);
    joint = m;

    // The action items are the owner organization's tasks.
    type Tasks = { myActionItems: Action[] };
    const tasks = ok(
      await gql<Tasks>('gongga-prosecutor', '{ myActionItems { id ownerOrg dueDate status itemNumber } }'),
    );
    const task = m.agenda[0]!.actions[0]!;
    assert.deepEqual(tasks.myActionItems, [
      { id: task.id, ownerOrg: 'proc-540522', dueDate: task.dueDate, status: 'OPEN', itemNumber: 1 },
    ]);
    const done = `mutation($m: ID!, $a: ID!) { updateActionItem(meetingId: $m, actionId: $a, status: DONE) { status } }`;
    assert.equal(codeOf(await gql('city-chief', done, { m: m.id, a: task.id })), 'NOT_FOUND', 'not its task');
    assert.deepEqual(ok(await gql('gongga-chief', done, { m: m.id, a: task.id })), {
      updateActionItem: { status: 'DONE' },
    });
    const open = ok(await gql<Tasks>('gongga-prosecutor', '{ myActionItems(statuses: [OPEN]) { id } }'));
    assert.deepEqual(open.myActionItems, []);
  });

  it('refuses a stale expectedVersion with CONFLICT and keeps the first change', async () => {
    const input = {
      kind: 'PACT_LIAISON',
      title: '贡嘎—曲水雅鲁藏布江流域协作联络会',
      startsAt: inDays(5),
      endsAt: inDays(5, 3),
      location: '贡嘎县人民检察院',
      invitees: [{ org: 'proc-540124' }],
      idempotencyKey: key(),
    };
    const created = ok(await create(input, 'gongga-secretary')).createMeeting;
    // Five days ahead it cannot be started yet: CONFLICT, saying from when.
    const early = await gql('gongga-secretary', START, { id: created.id, v: 1 });
    assert.equal(codeOf(early), 'CONFLICT');
    assert.match(early.errors![0]!.message, /can be started from \d{4}-\d{2}-\d{2} \d{2}:\d{2} on/);
    const { idempotencyKey: _key, ...details } = input;
    const first = { ...details, title: '联络会（第一次修改）' };
    const second = { ...details, title: '联络会（第二次修改）' };
    const [a, b] = await Promise.all([
      gql<{ updateMeeting: MeetingView }>('gongga-secretary', UPDATE, {
        id: created.id,
        v: 1,
        details: first,
      }),
      gql<{ updateMeeting: MeetingView }>('gongga-secretary', UPDATE, {
        id: created.id,
        v: 1,
        details: second,
      }),
    ]);
    const [winner, loser] = a.errors ? [b, a] : [a, b];
    assert.equal(codeOf(loser), 'CONFLICT');
    assert.equal(reasonOf(loser), 'MEETING_STALE_VERSION');
    assert.equal(zhOf(loser), '会议在您加载后已被修改，请重新加载后再修改。');
    assert.match(loser.errors![0]!.message, /version 1, it is now version 2/);
    const kept = ok(winner).updateMeeting;
    assert.equal(kept.version, 2);
    const now = ok(await gql<{ meeting: MeetingView }>('qushui-chief', GET, { id: created.id })).meeting;
    assert.deepEqual(
      [now.title, now.version],
      [kept.title, 2],
      'the invited party sees the first change only',
    );
    const cancel = `mutation($id: ID!, $v: Int!) { cancelMeeting(id: $id, expectedVersion: $v, reason: "改期") { state } }`;
    assert.equal(codeOf(await gql('gongga-secretary', cancel, { id: created.id, v: 1 })), 'CONFLICT');
    assert.equal(
      codeOf(await gql('city-secretary', cancel, { id: created.id, v: 2 })),
      'FORBIDDEN',
      'not the host',
    );
    assert.deepEqual(ok(await gql('gongga-secretary', cancel, { id: created.id, v: 2 })), {
      cancelMeeting: { state: 'CANCELLED' },
    });
    assert.deepEqual(ok(await gql('stranger', GET, { id: created.id })), { meeting: null });
  });

  it('serves a meeting as an iCalendar file and its minutes as PDF and Word, and JSON errors otherwise', async () => {
    const get = (path: string, user?: string) =>
      fetch(`${stack.gatewayUrl}${path}`, {
        headers: user ? { authorization: `Bearer ${token[user]}` } : {},
      });
    const res = await get(joint.calendarPath!, 'gongga-prosecutor');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
    assert.equal(
      res.headers.get('content-disposition'),
      `attachment; filename*=UTF-8''meeting-${joint.id}.ics`,
    );
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const ics = await res.text();
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /\r\nBEGIN:VEVENT\r\n[\s\S]*\r\nEND:VEVENT\r\n/);
    assert.match(ics, new RegExp(`\\r\\nUID:${joint.id}@yiti\\r\\n`));
    assert.match(ics.replace(/\r\n /g, ''), /SUMMARY:检察官联席会议：雅鲁藏布江流域非法采砂系列案/);

    const cases: Array<[string | undefined, string, number, string]> = [
      [undefined, joint.calendarPath!, 401, 'UNAUTHENTICATED'],
      ['stranger', joint.calendarPath!, 404, 'NOT_FOUND'],
      ['gongga-prosecutor', `/meetings/${randomUUID()}/calendar.ics`, 404, 'NOT_FOUND'],
      ['gongga-prosecutor', '/meetings/not-a-uuid/calendar.ics', 400, 'BAD_USER_INPUT'],
    ];
    for (const [user, path, status, code] of cases) {
      assert.deepEqual((await refusal(await get(path, user))).slice(0, 2), [status, code], `${user} ${path}`);
    }

    // The signed minutes as PDF and Word (their content: minutes-files.spec.ts).
    assert.equal(joint.minutesPdfPath, `/meetings/${joint.id}/minutes.pdf`);
    const pdf = await get(joint.minutesPdfPath!, 'gongga-prosecutor');
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.headers.get('content-disposition') ?? '', /^attachment; filename\*=UTF-8''.+\.pdf$/);
    assert.equal(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );
    const docx = await get(joint.minutesDocxPath!, 'city-chief');
    assert.equal(docx.status, 200);
    assert.match(docx.headers.get('content-type') ?? '', /wordprocessingml\.document$/);
    assert.equal(
      Buffer.from(await docx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
      'PK',
    );
    // Not before the meeting concludes, not for those who may not see it.
    const pending = ok(await create({ ...JOINT, idempotencyKey: key() })).createMeeting;
    assert.deepEqual([pending.minutesPdfPath, pending.minutesDocxPath], [null, null]);
    const early: Array<[string | undefined, string, number, string]> = [
      ['city-secretary', `/meetings/${pending.id}/minutes.pdf`, 409, 'CONFLICT'],
      ['city-secretary', `/meetings/${pending.id}/minutes.docx`, 409, 'CONFLICT'],
      ['stranger', joint.minutesPdfPath!, 404, 'NOT_FOUND'],
      [undefined, joint.minutesDocxPath!, 401, 'UNAUTHENTICATED'],
      ['gongga-prosecutor', '/meetings/not-a-uuid/minutes.pdf', 400, 'BAD_USER_INPUT'],
    ];
    for (const [user, path, status, code] of early) {
      assert.deepEqual((await refusal(await get(path, user))).slice(0, 2), [status, code], `${user} ${path}`);
    }
  });

  it('lets a police officer log a consultation and a prosecutor answer it; statistics count it', async () => {
    const input = {
      iscoOrg: 'isco-540522',
      policeCaseNumber: '贡公刑〔2026〕88号',
      category: 'illegal-mining',
      type: 'FILING_SUPERVISION',
      question: '群众举报吉雄镇段夜间非法采砂，公安机关拟不立案，是否符合立案条件？',
      materials: ['  举报材料 ', '现场勘验笔录'],
      idempotencyKey: key(),
    };
    type Logged = { logConsultation: ConsultationView };
    const logged = ok(await gql<Logged>('gongga-police', LOG, { input })).logConsultation;
    assert.deepEqual(
      [logged.state, logged.iscoOrg, logged.policeOrg, logged.procuratorateOrg, logged['materials']],
      ['OPEN', 'isco-540522', 'police-540522', 'proc-540522', ['举报材料', '现场勘验笔录']],
    );
    assert.deepEqual(
      [logged['isco'], logged['policeBureau'], logged['procuratorate']],
      [
        { code: 'isco-540522' },
        { code: 'police-540522' },
        { code: 'proc-540522', nameZh: '贡嘎县人民检察院' },
      ],
    );
    assert.deepEqual([logged.opinion, logged.followUp, logged.followUpDueAt], [null, null, null]);
    const again = ok(await gql<Logged>('gongga-police', LOG, { input })).logConsultation;
    assert.equal(again.id, logged.id, 'a retry returns the first consultation');
    const elsewhere = await gql('gongga-police', LOG, {
      input: { ...input, iscoOrg: 'isco-540521', idempotencyKey: key() },
    });
    assert.equal(codeOf(elsewhere), 'FORBIDDEN', "another county's ISCO");

    const opinion = `mutation($id: ID!, $followUp: FollowUp!) {
      recordConsultationOpinion(id: $id, opinion: "应当要求公安机关说明不立案理由。", followUp: $followUp) {
        ${CONSULTATION_FIELDS} } }`;
    assert.equal(
      codeOf(await gql('gongga-police', opinion, { id: logged.id, followUp: 'NONE' })),
      'FORBIDDEN',
    );
    assert.equal(
      codeOf(await gql('qushui-chief', opinion, { id: logged.id, followUp: 'NONE' })),
      'NOT_FOUND',
    );
    type Answered = { recordConsultationOpinion: ConsultationView };
    const answered = ok(
      await gql<Answered>('gongga-prosecutor', opinion, { id: logged.id, followUp: 'EXPLAIN_NON_FILING' }),
    ).recordConsultationOpinion;
    assert.deepEqual(
      [
        answered.state,
        answered['opinionBy'],
        answered.followUp,
        !!answered.followUpDueAt,
        answered['followUpOverdue'],
      ],
      ['ANSWERED', 'gongga-prosecutor', 'EXPLAIN_NON_FILING', true, false],
    );
    const respond = `mutation($id: ID!) { recordPoliceResponse(id: $id, response: "已书面说明不立案理由。") { state responseBy } }`;
    assert.deepEqual(ok(await gql('gongga-police', respond, { id: logged.id })), {
      recordPoliceResponse: { state: 'CLOSED', responseBy: 'gongga-police' },
    });

    // An ISCO consultation meeting on it, held at the ISCO.
    const created = ok(
      await create(
        {
          kind: 'ISCO_CONSULTATION',
          title: '贡嘎县侦查监督与协作配合办公室会商会',
          startsAt: inDays(0, 0.5),
          endsAt: inDays(0, 1.5),
          location: '贡嘎县侦查监督与协作配合办公室',
          invitees: [{ org: 'police-540522' }, { org: 'proc-540522' }],
          idempotencyKey: key(),
        },
        'gongga-isco-secretary',
      ),
    ).createMeeting;
    let m = await meetingOf('gongga-isco-secretary', START, { id: created.id, v: created.version });
    m = await meetingOf('gongga-isco-secretary', ATTENDANCE, {
      id: m.id,
      v: m.version,
      attendees: [{ username: 'gongga-police', org: 'police-540522', role: 'POLICE', present: true }],
    });
    const noQuorum = await gql('gongga-isco-secretary', CONCLUDE, { id: m.id, v: m.version });
    assert.equal(codeOf(noQuorum), 'CONFLICT');
    assert.equal(reasonOf(noQuorum), 'MEETING_QUORUM_MISSING');
    assert.equal(zhOf(noQuorum), '会议未达到法定人数，不能结束。');
    assert.match(noQuorum.errors![0]!.message, /no quorum/);
    m = await meetingOf('gongga-isco-secretary', ATTENDANCE, {
      id: m.id,
      v: m.version,
      attendees: [
        { username: 'gongga-police', org: 'police-540522', role: 'POLICE', present: true },
        { username: 'gongga-prosecutor', org: 'proc-540522', role: 'PROSECUTOR', present: true },
      ],
    });
    const item = {
      number: 1,
      title: '吉雄镇段采砂案立案监督',
      consultationId: logged.id,
      decision: '跟踪立案情况。',
    };
    m = await meetingOf('gongga-isco-secretary', ITEM, { id: m.id, v: m.version, item });
    m = await meetingOf('gongga-isco-secretary', CONCLUDE, { id: m.id, v: m.version });
    assert.equal(m.state, 'CONCLUDED');

    const statistics = `query($isco: String) { consultationStatistics(iscoOrg: $isco) {
      iscoOrg consultations casesConsulted meetingsHeld overdueFollowUps byType { type count } isco { code } } }`;
    type Stats = { consultationStatistics: (Row & { byType: { type: string; count: number }[] })[] };
    const expected = {
      iscoOrg: 'isco-540522',
      consultations: 1,
      casesConsulted: 1,
      meetingsHeld: 1,
      overdueFollowUps: 0,
      isco: { code: 'isco-540522' },
    };
    for (const user of ['gongga-isco-secretary', 'city-chief']) {
      const [office, ...others] = ok(
        await gql<Stats>(user, statistics, { isco: 'isco-540522' }),
      ).consultationStatistics;
      assert.deepEqual(others, [], user);
      const { byType, ...figures } = office!;
      assert.deepEqual(figures, expected, user);
      assert.deepEqual(
        byType.filter((t) => t.count > 0),
        [{ type: 'FILING_SUPERVISION', count: 1 }],
        user,
      );
      assert.equal(byType.length, 5, 'every type, counted or not');
    }
    assert.deepEqual(ok(await gql('stranger', statistics)), { consultationStatistics: [] });
    const badIsco = await gql('city-chief', statistics, { isco: 'proc-540522' });
    assert.equal(codeOf(badIsco), 'BAD_USER_INPUT');

    // The same meeting in the meetings per kind: held at the ISCO, one case (the consultation) discussed.
    const perKind = `query($from: String, $to: String) { meetingStatistics(fromDate: $from, toDate: $to) {
      hostOrg kind meetingsHeld casesDiscussed referredToCommittee host { code } } }`;
    type PerKind = { meetingStatistics: (Row & { hostOrg: string; kind: string })[] };
    for (const user of ['gongga-isco-secretary', 'city-chief']) {
      const rows = ok(await gql<PerKind>(user, perKind)).meetingStatistics;
      assert.deepEqual(
        rows.filter((r) => r.hostOrg === 'isco-540522'),
        [
          {
            hostOrg: 'isco-540522',
            kind: 'ISCO_CONSULTATION',
            meetingsHeld: 1,
            casesDiscussed: 1,
            referredToCommittee: 0,
            host: { code: 'isco-540522' },
          },
        ],
        user,
      );
    }
    const tomorrow = new Date(Date.now() + 2 * DAY_MS).toISOString().slice(0, 10);
    assert.deepEqual(ok(await gql<PerKind>('city-chief', perKind, { from: tomorrow })), {
      meetingStatistics: [],
    });
    assert.deepEqual(ok(await gql('stranger', perKind)), { meetingStatistics: [] });
    const backwards = await gql('city-chief', perKind, { from: tomorrow, to: '2026-01-01' });
    assert.equal(codeOf(backwards), 'BAD_USER_INPUT');
    assert.equal(codeOf(await gql('city-chief', perKind, { from: '2026-13-01' })), 'BAD_USER_INPUT');
  });

  it('lets the police edit or withdraw a consultation before the opinion; after it, CONFLICT', async () => {
    const content = {
      policeCaseNumber: '贡公刑〔2026〕89号',
      category: 'illegal-mining',
      type: 'EARLY_INVOLVEMENT',
      question: '江北段非法采砂，请就取证方向提出意见。',
      materials: ['现场勘验笔录'],
    };
    type Logged = { logConsultation: ConsultationView };
    const logOne = async () =>
      ok(
        await gql<Logged>('gongga-police', LOG, {
          input: { ...content, iscoOrg: 'isco-540522', idempotencyKey: key() },
        }),
      ).logConsultation.id;
    const EDIT = `mutation($input: EditConsultationInput!) {
      editConsultation(input: $input) { state question materials type editedBy editedAt } }`;
    const WITHDRAW = `mutation($id: ID!) { withdrawConsultation(id: $id) { state withdrawnBy withdrawnAt } }`;
    const id = await logOne();
    const changed = {
      ...content,
      id,
      question: ' 江北段非法采砂，请就砂石量鉴定提出意见。 ',
      materials: [' 鉴定委托书 '],
    };

    const blank = await gql('gongga-police', EDIT, { input: { ...changed, question: '  ' } });
    assert.equal(codeOf(blank), 'BAD_USER_INPUT', 'a blank question, refused at the gateway');
    assert.equal(codeOf(await gql('gongga-prosecutor', EDIT, { input: changed })), 'FORBIDDEN');
    assert.equal(codeOf(await gql('gongga-prosecutor', WITHDRAW, { id })), 'FORBIDDEN');

    type Edited = { editConsultation: Record<string, unknown> };
    const edited = ok(await gql<Edited>('gongga-police', EDIT, { input: changed })).editConsultation;
    assert.deepEqual(
      [edited['state'], edited['question'], edited['materials'], edited['editedBy'], !!edited['editedAt']],
      ['OPEN', '江北段非法采砂，请就砂石量鉴定提出意见。', ['鉴定委托书'], 'gongga-police', true],
    );
    const opinion = `mutation($id: ID!) {
      recordConsultationOpinion(id: $id, opinion: "同意。", followUp: NONE) { state } }`;
    ok(await gql('gongga-prosecutor', opinion, { id }));
    for (const late of [
      await gql('gongga-police', EDIT, { input: changed }),
      await gql('gongga-police', WITHDRAW, { id }),
    ]) {
      assert.equal(codeOf(late), 'CONFLICT');
      assert.equal(reasonOf(late), 'CONSULTATION_ILLEGAL_MOVE');
    }

    const other = await logOne();
    type Withdrawn = { withdrawConsultation: Record<string, unknown> };
    const withdrawn = ok(await gql<Withdrawn>('gongga-police', WITHDRAW, { id: other })).withdrawConsultation;
    assert.deepEqual(
      [withdrawn['state'], withdrawn['withdrawnBy'], !!withdrawn['withdrawnAt']],
      ['WITHDRAWN', 'gongga-police', true],
    );
    const answerWithdrawn = await gql('gongga-prosecutor', opinion, { id: other });
    assert.equal(codeOf(answerWithdrawn), 'CONFLICT', 'no opinion on a withdrawn consultation');
  });

  it('lets a prosecutor open a supervision matter that the police answer; the gateway refuses other types', async () => {
    const OPEN = `mutation($input: OpenSupervisionMatterInput!) {
      openSupervisionMatter(input: $input) { ${CONSULTATION_FIELDS} supervisionMatter loggedBy } }`;
    const input = {
      iscoOrg: 'isco-540522',
      policeCaseNumber: '贡公刑〔2026〕90号',
      category: 'illegal-mining',
      type: 'COMPULSORY_MEASURE_REVIEW',
      question: '犯罪嫌疑人羁押已逾三月，经审查无继续羁押必要。',
      materials: ['逮捕决定书'],
      opinion: '建议变更为取保候审，十日内反馈处理情况。',
      followUp: 'REPORT_MEASURE_HANDLING',
      idempotencyKey: key(),
    };
    assert.equal(codeOf(await gql('gongga-police', OPEN, { input })), 'FORBIDDEN', 'the police may not');
    const early = await gql('gongga-prosecutor', OPEN, { input: { ...input, type: 'EARLY_INVOLVEMENT' } });
    assert.equal(codeOf(early), 'BAD_USER_INPUT');
    assert.deepEqual(
      violationsOf(early).map((v) => v.field),
      ['type'],
    );
    const mismatched = await gql('gongga-prosecutor', OPEN, {
      input: { ...input, followUp: 'FILE_AFTER_NOTICE' },
    });
    assert.equal(reasonOf(mismatched), 'CONSULTATION_FOLLOW_UP_NEEDS_FILING_SUPERVISION');

    type Opened = {
      openSupervisionMatter: ConsultationView & { supervisionMatter: boolean; loggedBy: string };
    };
    const opened = ok(await gql<Opened>('gongga-prosecutor', OPEN, { input })).openSupervisionMatter;
    assert.deepEqual(
      [opened.state, opened.supervisionMatter, opened.loggedBy, opened.followUp, !!opened.followUpDueAt],
      ['ANSWERED', true, 'gongga-prosecutor', 'REPORT_MEASURE_HANDLING', true],
    );
    const RESPOND = `mutation($id: ID!) {
      recordPoliceResponse(id: $id, response: "已变更为取保候审。") { state policeResponse } }`;
    assert.deepEqual(ok(await gql('gongga-police', RESPOND, { id: opened.id })), {
      recordPoliceResponse: { state: 'CLOSED', policeResponse: '已变更为取保候审。' },
    });
  });

  it('takes a file from the police over HTTP and serves it to the prosecutor; refuses the rest', async () => {
    const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    type Logged = { logConsultation: ConsultationView };
    const { id } = ok(
      await gql<Logged>('gongga-police', LOG, {
        input: {
          iscoOrg: 'isco-540522',
          policeCaseNumber: '贡公刑〔2026〕91号',
          category: 'illegal-mining',
          type: 'EVIDENCE_GUIDANCE',
          question: '请就现场照片的证据效力提出意见。',
          materials: ['现场照片'],
          idempotencyKey: key(),
        },
      }),
    ).logConsultation;
    const upload = (user: string, body: Uint8Array, headers: Record<string, string>, to = id) =>
      fetch(`${stack.gatewayUrl}/consultations/${to}/attachments`, {
        method: 'POST',
        headers: { ...(token[user] ? { authorization: `Bearer ${token[user]}` } : {}), ...headers },
        body,
      });
    const download = (path: string, user: string) =>
      fetch(`${stack.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${token[user]}` } });
    const FILES = `query($id: ID!) { consultation(id: $id) {
      attachments { id filename mediaType size sha256 uploadedBy uploadedByOrg downloadPath } } }`;
    type Files = { consultation: { attachments: Row[] } | null };

    const file = randomBytes(600_000);
    const res = await upload('gongga-police', file, {
      'content-type': 'image/jpeg',
      'x-filename': encodeURIComponent('现场照片 1.jpg'),
      'x-content-sha256': sha256(file),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const body = (await res.json()) as Row & { downloadPath: string };
    assert.equal(body['downloadPath'], `/consultations/${id}/attachments/${String(body['id'])}`);
    assert.deepEqual(ok(await gql<Files>('gongga-prosecutor', FILES, { id })).consultation!.attachments, [
      {
        id: body['id'],
        filename: '现场照片 1.jpg',
        mediaType: 'image/jpeg',
        size: file.length,
        sha256: sha256(file),
        uploadedBy: 'gongga-police',
        uploadedByOrg: 'police-540522',
        downloadPath: body.downloadPath,
      },
    ]);
    const got = await download(body.downloadPath, 'gongga-prosecutor');
    assert.equal(got.status, 200);
    const gotBytes = Buffer.from(await got.arrayBuffer());
    assert.ok(gotBytes.equals(file), `byte-identical: ${gotBytes.length} ${got.headers.get('content-type')}`);
    assert.deepEqual(
      ['content-type', 'x-content-sha256', 'cache-control'].map((h) => got.headers.get(h)),
      ['image/jpeg', sha256(file), 'no-store'],
    );
    assert.deepEqual(
      (await refusal(await download(body.downloadPath, 'qushui-chief'))).slice(0, 2),
      [404, 'NOT_FOUND'],
      'another county',
    );

    // Refused at the gateway (nothing reaches the service) or by the service; nothing is kept.
    const small = Buffer.from('询问笔录');
    const cases: Array<[string, Record<string, string>, number, string, string | undefined]> = [
      [
        'gongga-police',
        { 'content-type': 'application/x-msdownload', 'x-filename': 'a.exe' },
        400,
        'BAD_USER_INPUT',
        'CONSULTATION_ATTACHMENT_BAD_TYPE',
      ],
      ['gongga-police', { 'content-type': 'text/plain' }, 400, 'BAD_USER_INPUT', 'FIELD_INVALID'],
      [
        'gongga-prosecutor',
        { 'content-type': 'text/plain', 'x-filename': 'a.txt' },
        403,
        'FORBIDDEN',
        undefined,
      ],
      ['nobody', { 'content-type': 'text/plain', 'x-filename': 'a.txt' }, 401, 'UNAUTHENTICATED', undefined],
    ];
    for (const [user, headers, status, code, reason] of cases) {
      const [res, begun] = await counting(MeetingsRpc.beginConsultationAttachment.subject, () =>
        upload(user, small, headers),
      );
      const text = await res.clone().text();
      assert.deepEqual([...(await refusal(res)).slice(0, 2), begun], [status, code, 0], `${user} ${text}`);
      if (reason) assert.equal((JSON.parse(text) as { error: { reason: string } }).error.reason, reason);
    }
    const huge = await upload('gongga-police', new Uint8Array(ATTACHMENT_MAX_BYTES + 1), {
      'content-type': 'application/pdf',
      'x-filename': 'big.pdf',
    });
    const hugeText = await huge.clone().text();
    assert.deepEqual((await refusal(huge)).slice(0, 2), [413, 'BAD_USER_INPUT']);
    assert.equal(
      (JSON.parse(hugeText) as { error: { reason: string } }).error.reason,
      'CONSULTATION_ATTACHMENT_TOO_LARGE',
    );
    // The service's rule: after the opinion the police may no longer attach.
    const OPINION = `mutation($id: ID!) { recordConsultationOpinion(id: $id, opinion: "同意。", followUp: NONE) { state } }`;
    ok(await gql('gongga-prosecutor', OPINION, { id }));
    const late = await upload('gongga-police', small, {
      'content-type': 'text/plain',
      'x-filename': 'a.txt',
    });
    const lateText = await late.clone().text();
    assert.deepEqual((await refusal(late)).slice(0, 2), [403, 'FORBIDDEN']);
    assert.equal(
      (JSON.parse(lateText) as { error: { reason: string } }).error.reason,
      'CONSULTATION_ATTACHMENT_NOT_ALLOWED',
    );
    assert.equal(ok(await gql<Files>('gongga-police', FILES, { id })).consultation!.attachments.length, 1);
  });
});
