import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadCalendarData, shanghaiDate, WorkingDayCalendar } from '@yiti/calendar';
import { rejectsWithCode } from '@yiti/devstack';
import {
  ActionStatus,
  ErrorCode,
  MeetingKind,
  MeetingState,
  MeetingsRpc,
  type AgendaItem,
  type Meeting,
} from '@yiti/contracts';
import { RpcError } from '@yiti/messaging';
import {
  details,
  icsLines,
  inHours,
  meetingsHarness,
  type ItemInit,
  type MeetingsHarness,
} from './fixtures.js';

/**
 * The meetings service over real NATS, JetStream and PostgreSQL, with the real directory: creating, who sees
 * what, a secretary's full cycle to approved minutes and the owners' tasks, concurrent edits, the .ics file.
 */
describe('meetings service', () => {
  let h: MeetingsHarness;
  const calendar = new WorkingDayCalendar(loadCalendarData());

  before(async () => {
    h = await meetingsHarness();
  });

  after(async () => {
    await h?.close();
  });

  it('refuses bad meetings with a typed error and writes nothing', async () => {
    const { as, key, count } = h;
    const bad = async (
      d: ReturnType<typeof details>,
      code: ErrorCode,
      what: string,
      user = 'city-secretary',
    ) => rejectsWithCode(as(user, MeetingsRpc.create, { details: d, idempotencyKey: key() }), code, what);
    await bad(
      details({ startsAt: inHours(-1), endsAt: inHours(1) }),
      ErrorCode.BAD_USER_INPUT,
      'in the past',
    );
    await bad(details({ endsAt: inHours(0.25) }), ErrorCode.BAD_USER_INPUT, 'ends before it starts');
    await bad(details({ startsAt: '2026-13-01 09:00' }), ErrorCode.BAD_USER_INPUT, 'not RFC 3339');
    await bad(
      details({ invitees: [{ org: 'proc-999999', username: '' }] }),
      ErrorCode.BAD_USER_INPUT,
      'unknown organization',
    );
    await bad(
      details({ invitees: [{ org: 'nobody', username: '' }] }),
      ErrorCode.BAD_USER_INPUT,
      'not a code',
    );
    await bad(details({ kind: MeetingKind.UNSPECIFIED }), ErrorCode.BAD_USER_INPUT, 'no kind');
    await bad(details({ title: '会'.repeat(201) }), ErrorCode.BAD_USER_INPUT, 'title too long');
    await bad(details({ location: ' ' }), ErrorCode.BAD_USER_INPUT, 'no location');
    await bad(details(), ErrorCode.FORBIDDEN, 'not a secretary', 'city-chief');
    await rejectsWithCode(
      as('city-secretary', MeetingsRpc.create, { details: details(), idempotencyKey: 'short' }),
      ErrorCode.BAD_USER_INPUT,
    );
    try {
      await as('city-secretary', MeetingsRpc.create, {
        details: details({ invitees: [{ org: 'proc-999999', username: '' }] }),
        idempotencyKey: key(),
      });
      assert.fail('unknown organization accepted');
    } catch (err) {
      assert.ok(err instanceof RpcError && err.message.includes('proc-999999'));
    }
    assert.equal(await count('SELECT count(*) AS n FROM meetings.meeting'), 0);
    assert.equal(await count('SELECT count(*) AS n FROM meetings.outbox'), 0);
  });

  it('creates once per idempotency key, visible to the invited and their superiors only', async () => {
    const { as, key, count, get, outboxSubjects } = h;
    const request = { details: details(), idempotencyKey: key() };
    const [a, b] = await Promise.all([
      as('city-secretary', MeetingsRpc.create, request),
      as('city-secretary', MeetingsRpc.create, request),
    ]);
    assert.equal(a.meeting!.id, b.meeting!.id);
    const m = a.meeting!;
    assert.equal(m.state, MeetingState.SCHEDULED);
    assert.equal(m.hostOrg, 'proc-540500');
    assert.equal(m.version, 1);
    assert.equal(await count('SELECT count(*) AS n FROM meetings.meeting WHERE id = $1', [m.id]), 1);
    await rejectsWithCode(
      as('city-secretary', MeetingsRpc.create, { ...request, details: details({ title: '另一个会议' }) }),
      ErrorCode.CONFLICT,
    );
    assert.equal((await get(m.id, 'gongga-prosecutor')).id, m.id, 'invited');
    assert.equal((await get(m.id, 'region-chief')).id, m.id, 'superior of both');
    await rejectsWithCode(get(m.id, 'qushui-chief'), ErrorCode.NOT_FOUND);
    await rejectsWithCode(get(m.id, 'gongga-police'), ErrorCode.NOT_FOUND);
    assert.deepEqual(await outboxSubjects(m.id), ['meeting.scheduled.v1']);
    // Listed for the invited organization, with filters.
    const listed = await as('gongga-prosecutor', MeetingsRpc.list, {
      kind: MeetingKind.PROSECUTORS_JOINT,
      states: [MeetingState.SCHEDULED],
      fromDate: shanghaiDate(new Date()),
    });
    assert.ok(listed.meetings.some((x) => x.id === m.id));
    const none = await as('qushui-chief', MeetingsRpc.list, {});
    assert.equal(none.meetings.length, 0);
  });

  it('runs a full cycle: start, attendance, five items, conclude, minutes, every signature, approved', async () => {
    const { as, db, inSession, item, conclude, minutes, sign, get, outboxSubjects } = h;
    let m = await inSession();
    assert.equal(m.state, MeetingState.IN_SESSION);
    const items: ItemInit[] = [
      {
        number: 1,
        title: '贡嘎县非法采砂案是否提请检察委员会',
        caseNumber: '贡检刑诉〔2026〕12号',
        decision: '提请检察委员会讨论。',
        majority: { text: '构成非法采矿罪。', holders: ['city-chief', 'gongga-chief'] },
        minorities: [{ text: '证据不足。', holders: ['gongga-prosecutor'] }],
        referToCommittee: true,
        actions: [
          { ownerOrg: 'proc-540522', description: '整理材料报送检委会', dueWithinDays: 3 },
          { ownerOrg: 'proc-540500', description: '安排检委会议程', dueWithinDays: 10 },
        ],
      },
      {
        number: 2,
        title: '公安立案监督线索',
        caseNumber: '贡公（刑）立字〔2026〕15号',
        decision: '继续跟踪。',
      },
      {
        number: 3,
        title: '侦监协作会商事项',
        consultationId: '00000000-0000-4000-8000-0000000000c1',
        decision: '采纳会商意见。',
        majority: { text: '同意。', holders: ['city-chief', 'gongga-chief', 'gongga-prosecutor'] },
      },
      { number: 4, title: '工作通报', decision: '通报。' },
      {
        number: 5,
        title: '下次会议安排',
        actions: [{ ownerOrg: 'proc-540522', description: '提交下次议题', dueWithinDays: 1 }],
      },
    ];
    for (const given of items) m = await item(m, given);
    assert.deepEqual(
      m.agenda.map((a) => a.number),
      [1, 2, 3, 4, 5],
    );
    const kept = m.agenda[0]!.actions[0]!.id;
    assert.ok(kept);
    // Replacing item 1 with its first action sent back keeps that action's id.
    const first = items[0] as Exclude<ItemInit, AgendaItem>;
    m = await item(m, { ...first, actions: [{ ...first.actions![0]!, id: kept }, first.actions![1]!] });
    assert.equal(m.agenda[0]!.actions[0]!.id, kept);
    assert.equal(m.agenda.length, 5);

    const before = m.version;
    m = await conclude(m);
    assert.equal(m.state, MeetingState.CONCLUDED);
    assert.equal(m.version, before + 1);
    const today = shanghaiDate(new Date(m.concludedAt));
    for (const action of m.agenda.flatMap((a) => a.actions))
      assert.equal(action.dueDate, calendar.addWorkingDays(today, action.dueWithinDays));
    assert.equal(m.minutesDigest.length, 64);
    assert.deepEqual([...m.awaitingSignatures].sort(), ['city-chief', 'gongga-chief', 'gongga-prosecutor']);

    m = await minutes(m, '会议纪要：\n一、提请检委会；\n二、继续跟踪。');
    m = await sign(m, 'gongga-chief');
    assert.equal(m.state, MeetingState.CONCLUDED);
    m = await sign(m, 'gongga-prosecutor');
    m = await sign(m, 'city-chief');
    assert.equal(m.state, MeetingState.MINUTES_APPROVED);
    assert.equal(m.awaitingSignatures.length, 0);
    assert.ok(m.signatures.every((s) => s.valid && s.digest === m.minutesDigest));
    assert.deepEqual(await outboxSubjects(m.id), [
      'meeting.scheduled.v1',
      'meeting.concluded.v1',
      'meeting.minutes-approved.v1',
    ]);
    await rejectsWithCode(minutes(m, '改动'), ErrorCode.CONFLICT);

    // The owners' tasks: 贡嘎's two, earliest first; 贡嘎 marks one done, the city cannot.
    const tasks = (await as('gongga-prosecutor', MeetingsRpc.listActionItems, {})).items.filter(
      (t) => t.meetingId === m.id,
    );
    assert.deepEqual(
      tasks.map((t) => [t.itemNumber, t.dueWithinDays, t.status, t.overdue]),
      [
        [5, 1, ActionStatus.OPEN, false],
        [1, 3, ActionStatus.OPEN, false],
      ],
    );
    await rejectsWithCode(
      as('city-chief', MeetingsRpc.updateActionItem, {
        meetingId: m.id,
        actionId: tasks[0]!.id,
        status: ActionStatus.DONE,
      }),
      ErrorCode.NOT_FOUND,
    );
    const done = await as('gongga-prosecutor', MeetingsRpc.updateActionItem, {
      meetingId: m.id,
      actionId: tasks[0]!.id,
      status: ActionStatus.DONE,
    });
    assert.equal(done.item!.status, ActionStatus.DONE);
    const open = await as('gongga-prosecutor', MeetingsRpc.listActionItems, {
      statuses: [ActionStatus.OPEN],
    });
    assert.ok(!open.items.some((t) => t.id === tasks[0]!.id));
    // An overdue task (due date moved into the past in the database): flagged, still open.
    await db.query(`UPDATE meetings.action_item SET due_date = '2026-01-05' WHERE id = $1`, [tasks[1]!.id]);
    const overdue = (await as('gongga-prosecutor', MeetingsRpc.listActionItems, {})).items[0]!;
    assert.equal(overdue.id, tasks[1]!.id, 'earliest due first');
    assert.equal(overdue.overdue, true);
    // Signatures stay valid: a task's progress is not part of the signed record.
    assert.ok((await get(m.id)).signatures.every((s) => s.valid));
  });

  it('lets exactly one of two concurrent secretaries write a version; the other gets CONFLICT', async () => {
    const { as, create, start, row, outboxSubjects } = h;
    const m = await create('gongga-secretary', details({ invitees: [{ org: 'proc-540124', username: '' }] }));
    const edit = (user: string, title: string) =>
      as(user, MeetingsRpc.update, {
        id: m.id,
        expectedVersion: m.version,
        details: details({
          title,
          startsAt: inHours(24),
          endsAt: inHours(26),
          invitees: [{ org: 'proc-540124', username: '' }],
        }),
      });
    const results = await Promise.allSettled([
      edit('gongga-secretary', '甲的标题'),
      edit('gongga-secretary-2', '乙的标题'),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    const error = lost[0]!.reason as RpcError;
    assert.equal(error.code, ErrorCode.CONFLICT);
    assert.match(error.message, /version 1, it is now version 2/);
    const stored = await row(m.id);
    assert.equal(stored.version, 2);
    assert.equal(
      stored.title,
      (won[0] as PromiseFulfilledResult<{ meeting?: Meeting }>).value.meeting!.title,
    );
    // Stale edits of every kind are refused the same way.
    await rejectsWithCode(start(m, 'gongga-secretary'), ErrorCode.CONFLICT);
    await rejectsWithCode(
      as('gongga-secretary', MeetingsRpc.cancel, { id: m.id, expectedVersion: 1, reason: '改期' }),
      ErrorCode.CONFLICT,
    );
    await rejectsWithCode(
      as('gongga-secretary', MeetingsRpc.start, { id: m.id, expectedVersion: 0 }),
      ErrorCode.BAD_USER_INPUT,
    );
    // Not the host's secretary: FORBIDDEN before any version question.
    await rejectsWithCode(
      as('city-secretary', MeetingsRpc.start, { id: m.id, expectedVersion: 2 }),
      ErrorCode.FORBIDDEN,
    );
    const cancelled = (
      await as('gongga-secretary', MeetingsRpc.cancel, { id: m.id, expectedVersion: 2, reason: '改期' })
    ).meeting!;
    assert.equal(cancelled.state, MeetingState.CANCELLED);
    await rejectsWithCode(start(cancelled, 'gongga-secretary'), ErrorCode.CONFLICT);
    assert.deepEqual(await outboxSubjects(m.id), ['meeting.scheduled.v1', 'meeting.cancelled.v1']);
  });

  it('downloads a meeting as an iCalendar event the caller may see', async () => {
    const { as, create, item } = h;
    let m = await create(
      'city-secretary',
      details({
        title: '山南市检察官联席会议，第三次；生态环境和资源保护案件专题（雅鲁藏布江流域）',
        location: '三楼会议室, 东侧',
      }),
    );
    m = await item(m, { number: 1, title: '贡嘎县非法采砂案' });
    const { ics, filename } = await as('gongga-chief', MeetingsRpc.calendar, { id: m.id });
    assert.equal(filename, `meeting-${m.id}.ics`);
    assert.ok(ics.endsWith('\r\n') && !/[^\r]\n/.test(ics), 'CRLF line ends');
    for (const physical of ics.split('\r\n')) assert.ok(Buffer.byteLength(physical) <= 75, physical);
    const lines = icsLines(ics);
    assert.deepEqual(lines.slice(0, 6), [
      'BEGIN:VCALENDAR',
      'PRODID:-//Yiti//Meetings//ZH',
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
    ]);
    assert.deepEqual(lines.slice(-2), ['END:VEVENT', 'END:VCALENDAR']);
    const prop = (name: string) => lines.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1);
    const stamp = (iso: string) =>
      new Date(iso)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, '');
    assert.equal(prop('UID'), `${m.id}@yiti`);
    assert.match(prop('DTSTAMP')!, /^\d{8}T\d{6}Z$/);
    assert.equal(prop('DTSTART'), stamp(m.startsAt));
    assert.equal(prop('DTEND'), stamp(m.endsAt));
    assert.equal(prop('SUMMARY'), m.title.replace(/,/g, '\\,').replace(/;/g, '\\;'));
    assert.equal(prop('LOCATION'), '三楼会议室\\, 东侧');
    assert.match(prop('DESCRIPTION')!, /山南市人民检察院.*\\n.*1\. 贡嘎县非法采砂案/);
    assert.equal(prop('STATUS'), 'CONFIRMED');
    assert.equal(prop('SEQUENCE'), String(m.version));
    await rejectsWithCode(as('qushui-chief', MeetingsRpc.calendar, { id: m.id }), ErrorCode.NOT_FOUND);
  });

  it('lists the meetings an organization may see in pages, with filters', async () => {
    const { as, count } = h;
    const all: string[] = [];
    let pageToken = '';
    do {
      const page = await as('city-secretary', MeetingsRpc.list, { pageSize: 2, pageToken });
      all.push(...page.meetings.map((m) => m.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    const visible = await count(
      `SELECT count(*) AS n FROM meetings.meeting WHERE visible_to @> ARRAY['proc-540500']::text[]`,
    );
    assert.ok(visible >= 4, `${visible} meetings: more than one page`);
    assert.equal(all.length, visible);
    assert.equal(new Set(all).size, visible, 'no meeting twice across pages');
    const cancelled = await as('city-secretary', MeetingsRpc.list, { states: [MeetingState.CANCELLED] });
    assert.ok(cancelled.meetings.length >= 1);
    assert.ok(cancelled.meetings.every((m) => m.state === MeetingState.CANCELLED));
    const past = await as('city-secretary', MeetingsRpc.list, { toDate: '2020-01-01' });
    assert.equal(past.meetings.length, 0);
    for (const bad of [{ pageToken: 'garbage' }, { fromDate: '2026-02-30' }, { pageSize: 201 }])
      await rejectsWithCode(as('city-secretary', MeetingsRpc.list, bad), ErrorCode.BAD_USER_INPUT);
  });

  it('starts a meeting from 60 minutes before its start, not earlier (CONFLICT saying from when)', async () => {
    const { as, create, start, row } = h;
    const startsAt = inHours(3);
    const early = await create('city-secretary', details({ startsAt, endsAt: inHours(4) }));
    const earliest = new Date(new Date(startsAt).getTime() - 3_600_000 + 8 * 3_600_000)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');
    const refused = await start(early).then(
      () => assert.fail('started three hours early'),
      (err: RpcError) => err,
    );
    assert.equal(refused.code, ErrorCode.CONFLICT);
    assert.match(refused.message, new RegExp(`can be started from ${earliest} on`));
    assert.deepEqual(await row(early.id).then((r) => [r.state, r.version]), ['scheduled', 1]);
    // Another secretary is still FORBIDDEN first, and a stale version CONFLICT as before.
    await rejectsWithCode(
      as('gongga-secretary', MeetingsRpc.start, { id: early.id, expectedVersion: 1 }),
      ErrorCode.FORBIDDEN,
    );
    // Within the hour before its start (and any time after it) it starts.
    const soon = await create('city-secretary', details({ startsAt: inHours(0.9), endsAt: inHours(2) }));
    assert.equal((await start(soon)).state, MeetingState.IN_SESSION);
  });
});
