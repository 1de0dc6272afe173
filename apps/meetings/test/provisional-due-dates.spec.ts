import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { fromBinary } from '@bufbuild/protobuf';
import { loadCalendarData, WorkingDayCalendar, type NationalCalendarData } from '@yiti/calendar';
import { ActionItemDueMovedSchema, FollowUpDueMovedSchema, MeetingDeadlineEvents } from '@yiti/contracts';
import { createDatabase, dropDatabase, uniqueName } from '@yiti/devstack';
import { JsonLogger } from '@yiti/logging';
import { openServiceDataSource } from '@yiti/persistence';
import { MEETINGS_ENTITIES, MEETINGS_MIGRATIONS } from '../src/app.module.js';
import { DueRecompute } from '../src/calendar/due-recompute.js';
import { FollowUpClocks } from '../src/consultations/follow-up-clocks.js';

const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** An invented 2027 State Council notice: 元旦 01-01…03, 春节 02-05…11, make-up Saturdays 01-30 and 02-20. */
const NATIONAL_2027: NationalCalendarData = {
  source: 'test fixture: invented 2027 national arrangement',
  holidays: [
    ...['01-01', '01-02', '01-03'].map((d) => ({ date: `2027-${d}`, name: '元旦' })),
    ...[5, 6, 7, 8, 9, 10, 11].map((d) => ({ date: `2027-02-${String(d).padStart(2, '0')}`, name: '春节' })),
  ],
  workdays: [
    { date: '2027-01-30', name: '春节调休上班' },
    { date: '2027-02-20', name: '春节调休上班' },
  ],
};

const MEETING = '00000000-0000-4000-8000-00000000a001';
const ITEM_25 = '00000000-0000-4000-8000-00000000b025';
const ITEM_10 = '00000000-0000-4000-8000-00000000b010';
const CONSULTATION = '00000000-0000-4000-8000-00000000c015';

/**
 * Action-item due dates and police follow-up clocks counted into 2027 (no published schedule with chinese-days
 * 1.5.7, no 2027 Tibet data) are provisional; recounted against a national file they move and are announced
 * once each, still provisional; against national and regional files they are settled, and nothing moves again.
 * Real PostgreSQL; the recomputation runs as it does at boot.
 */
describe('meetings: provisional due dates', () => {
  const name = uniqueName('yiti_test_mdue');
  const logger = new JsonLogger('test', 'error', () => undefined);
  let dataSource: DataSource;
  const estimated = new WorkingDayCalendar(loadCalendarData());
  const regional2027 = loadCalendarData();
  regional2027.holidays.push({ date: '2027-03-01', name: '藏历新年（虚构，测试用）' });
  const concludedAt = new Date('2026-12-30T10:00:00+08:00');
  const opinionAt = new Date('2027-01-20T10:00:00+08:00');

  const recompute = (calendar: WorkingDayCalendar) =>
    new DueRecompute(dataSource, calendar, '', logger).runOnce();
  const rows = async () => ({
    actions: (await dataSource.query(
      `SELECT id, to_char(due_date, 'YYYY-MM-DD') AS due, due_date_provisional AS provisional
         FROM meetings.action_item ORDER BY id`,
    )) as Array<{ id: string; due: string; provisional: boolean }>,
    consultation: (
      (await dataSource.query(
        `SELECT follow_up_due_at AS due, follow_up_due_provisional AS provisional FROM meetings.police_consultation`,
      )) as Array<{ due: Date; provisional: boolean }>
    ).map((r) => [r.due.toISOString(), r.provisional]),
  });
  const events = async () =>
    (await dataSource.query(`SELECT subject, payload FROM meetings.outbox ORDER BY seq`)) as Array<{
      subject: string;
      payload: Buffer;
    }>;

  before(async () => {
    const url = await createDatabase(ADMIN_URL, name);
    dataSource = await openServiceDataSource({
      service: 'meetings-due-test',
      url,
      schema: 'meetings',
      entities: MEETINGS_ENTITIES,
      migrations: MEETINGS_MIGRATIONS,
      poolSize: 2,
      logger,
    });
    // What concluding the meeting and recording the opinion store (the same calls the services make).
    const due25 = estimated.deadlineOf(concludedAt, 25);
    const due10 = estimated.deadlineOf(concludedAt, 10);
    const clock = new FollowUpClocks(estimated).columns('file-after-notice', opinionAt);
    await dataSource.query(
      `INSERT INTO meetings.meeting (id, kind, state, host_org, title, starts_at, ends_at, visible_to, created_by,
         concluded_at)
       VALUES ($1, 'prosecutors-joint', 'concluded', 'proc-540522', '测试', $2, $3, '{proc-540522}', 't', $2)`,
      [MEETING, concludedAt, new Date(concludedAt.getTime() + 3_600_000)],
    );
    await dataSource.query(
      `INSERT INTO meetings.agenda_item (meeting_id, number, title) VALUES ($1, 1, '测试议题')`,
      [MEETING],
    );
    for (const [id, days, due] of [
      [ITEM_10, 10, due10],
      [ITEM_25, 25, due25],
    ] as const) {
      await dataSource.query(
        `INSERT INTO meetings.action_item (id, meeting_id, item_number, position, owner_org, description,
           due_within_days, due_date, due_date_provisional, status)
         VALUES ($1, $2, 1, $3, 'proc-540124', '测试', $3, $4, $5, 'open')`,
        [id, MEETING, days, due.localDate, due.provisional],
      );
    }
    await dataSource.query(
      `INSERT INTO meetings.police_consultation (id, isco_org, police_org, procuratorate_org, police_case_number,
         category, type, question, state, visible_to, logged_by, opinion, opinion_by, opinion_at, follow_up,
         follow_up_due_at, follow_up_due_provisional)
       VALUES ($1, 'isco-540522', 'police-540522', 'proc-540522', 'A5405220000002027', 'theft',
         'filing-supervision', '测试', 'answered', '{isco-540522,police-540522,proc-540522}', 't', '测试', 't', $2,
         'file-after-notice', $3, $4)`,
      [CONSULTATION, opinionAt, clock.followUpDueAt, clock.followUpDueProvisional],
    );
  });

  after(async () => {
    await dataSource?.destroy();
    await dropDatabase(ADMIN_URL, name);
  });

  it('counts into 2027 with its statutory days off, marked provisional; the same calendar moves nothing', async () => {
    // 25 working days from 2026-12-30: 12-31, (01-01 off), 01-04 … 01-29, 02-01 … 02-04. 10: … 01-14.
    // 15 from 2027-01-20: 01-21 … 02-04 (11), 02-05 and 02-08 off (除夕, 初三), 02-09 … 02-12.
    assert.deepEqual(await rows(), {
      actions: [
        { id: ITEM_10, due: '2027-01-14', provisional: true },
        { id: ITEM_25, due: '2027-02-04', provisional: true },
      ],
      consultation: [['2027-02-12T16:00:00.000Z', true]],
    });
    assert.deepEqual(await recompute(estimated), { checked: 3, moved: 0, settled: 0 });
    assert.deepEqual(await events(), []);
  });

  it('with the national file, each date that moves is updated and announced once', async () => {
    const calendar = new WorkingDayCalendar(loadCalendarData(), { national: NATIONAL_2027 });
    assert.deepEqual(await recompute(calendar), { checked: 3, moved: 2, settled: 0 });
    assert.deepEqual(await rows(), {
      actions: [
        { id: ITEM_10, due: '2027-01-14', provisional: true },
        // The make-up Saturday 01-30 is worked.
        { id: ITEM_25, due: '2027-02-03', provisional: true },
      ],
      // 01-30 worked, 02-05 … 02-11 off: 02-12, 02-15, 02-16.
      consultation: [['2027-02-16T16:00:00.000Z', true]],
    });
    const [first, second, ...rest] = await events();
    assert.equal(rest.length, 0);
    assert.equal(first!.subject, MeetingDeadlineEvents.actionItemDueMoved.subject);
    const moved = fromBinary(ActionItemDueMovedSchema, first!.payload);
    assert.deepEqual(
      [
        moved.actionItemId,
        moved.meetingId,
        moved.ownerOrg,
        moved.previousDueDate,
        moved.dueDate,
        moved.provisional,
      ],
      [ITEM_25, MEETING, 'proc-540124', '2027-02-04', '2027-02-03', true],
    );
    assert.equal(second!.subject, MeetingDeadlineEvents.followUpDueMoved.subject);
    const clock = fromBinary(FollowUpDueMovedSchema, second!.payload);
    assert.deepEqual(
      [clock.consultationId, clock.previousDueAt, clock.dueAt, clock.localDate, clock.provisional],
      [CONSULTATION, '2027-02-12T16:00:00.000Z', '2027-02-16T16:00:00.000Z', '2027-02-16', true],
    );
    assert.ok(clock.visibleTo.includes('police-540522'));
  });

  it('with national and regional files, they are settled and nothing is announced again', async () => {
    const calendar = new WorkingDayCalendar(regional2027, { national: NATIONAL_2027 });
    assert.deepEqual(await recompute(calendar), { checked: 3, moved: 0, settled: 3 });
    assert.deepEqual(await rows(), {
      actions: [
        { id: ITEM_10, due: '2027-01-14', provisional: false },
        { id: ITEM_25, due: '2027-02-03', provisional: false },
      ],
      consultation: [['2027-02-16T16:00:00.000Z', false]],
    });
    assert.equal((await events()).length, 2);
    assert.deepEqual(await recompute(calendar), { checked: 0, moved: 0, settled: 0 });
  });
});
