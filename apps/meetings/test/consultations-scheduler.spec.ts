import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { fromBinary } from '@bufbuild/protobuf';
import { loadCalendarData, WorkingDayCalendar } from '@yiti/calendar';
import { ConsultationState, FollowUp, PoliceConsultationEventSchema } from '@yiti/contracts';
import { createDatabase, dropDatabase, uniqueName } from '@yiti/devstack';
import { JsonLogger } from '@yiti/logging';
import { openServiceDataSource } from '@yiti/persistence';
import { MEETINGS_ENTITIES, MEETINGS_MIGRATIONS } from '../src/app.module.js';
import { ConsultationEventsOutbox } from '../src/consultations/consultation-events.js';
import { ConsultationWriter } from '../src/consultations/consultation-writer.js';
import { ConsultationsScheduler } from '../src/consultations/consultations.scheduler.js';
import { FollowUpClocks } from '../src/consultations/follow-up-clocks.js';

const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const VISIBLE = '{isco-540522,police-540522,proc-540522,proc-540500,proc-540000}';

/**
 * The follow-up clock against real PostgreSQL, moved by hand: each missed clock is marked and announced once —
 * even with two instances running at the same moment — and nothing else is touched.
 */
describe('consultation follow-up scheduler', () => {
  const name = uniqueName('yiti_test_csched');
  let dataSource: DataSource;
  let schedulers: ConsultationsScheduler[];
  const clocks = new FollowUpClocks(new WorkingDayCalendar(loadCalendarData()));
  // Wednesday 30 September 2026, 10:00 in Shanghai; 1–7 October are holidays, Saturday 10 October is worked.
  const opinionAt = new Date('2026-09-30T02:00:00Z');

  const overdueEvents = async () =>
    (
      (await dataSource.query(
        `SELECT payload FROM meetings.outbox WHERE subject LIKE '%.police-consultation.follow-up-overdue.v1'
          ORDER BY seq`,
      )) as Array<{ payload: Buffer }>
    ).map((r) => fromBinary(PoliceConsultationEventSchema, r.payload));

  const insert = async (id: string, state: string, followUp: string | null, dueAt: Date | null) =>
    dataSource.query(
      `INSERT INTO meetings.police_consultation (id, isco_org, police_org, procuratorate_org, police_case_number,
         category, type, question, state, visible_to, logged_by, logged_at, opinion, opinion_at, follow_up,
         follow_up_due_at, police_response, response_at)
       VALUES ($1, 'isco-540522', 'police-540522', 'proc-540522', '贡公（刑）不立字〔2026〕1号',
         'illegal-fishing', 'filing-supervision', '测试', $2, $3, 't', $4,
         CASE WHEN $2 <> 'open' THEN '意见' END, CASE WHEN $2 <> 'open' THEN $4::timestamptz END, $5, $6,
         CASE WHEN $2 = 'closed' THEN '已说明' END, CASE WHEN $2 = 'closed' THEN $4::timestamptz END)`,
      [id, state, VISIBLE, opinionAt, followUp, dueAt],
    );

  before(async () => {
    const url = await createDatabase(ADMIN_URL, name);
    const logger = new JsonLogger('test', 'error', () => undefined);
    dataSource = await openServiceDataSource({
      service: 'consultations-scheduler-test',
      url,
      schema: 'meetings',
      entities: MEETINGS_ENTITIES,
      migrations: MEETINGS_MIGRATIONS,
      poolSize: 6,
      logger,
    });
    const make = () =>
      new ConsultationsScheduler(
        dataSource,
        new ConsultationWriter(new ConsultationEventsOutbox('')),
        logger,
        60,
      );
    schedulers = [make(), make()];
  });

  after(async () => {
    await dataSource?.destroy();
    await dropDatabase(ADMIN_URL, name);
  });

  it('counts 7 and 15 working days across National Day 2026', () => {
    // 8, 9, 10 (make-up Saturday), 12–15 October: the 7th working day is Thursday 15 October.
    assert.equal(clocks.dueAt('explain-non-filing', opinionAt)?.toISOString(), '2026-10-15T16:00:00.000Z');
    assert.equal(clocks.dueAt('file-after-notice', opinionAt)?.toISOString(), '2026-10-27T16:00:00.000Z');
    assert.equal(clocks.dueAt('none', opinionAt), null);
  });

  it('marks each missed clock once, with two instances, and leaves the rest alone', async () => {
    const explain = clocks.dueAt('explain-non-filing', opinionAt)!;
    const file = clocks.dueAt('file-after-notice', opinionAt)!;
    await insert('00000000-0000-4000-8000-000000000001', 'answered', 'explain-non-filing', explain);
    await insert('00000000-0000-4000-8000-000000000002', 'answered', 'file-after-notice', file);
    await insert('00000000-0000-4000-8000-000000000003', 'answered', 'none', null);
    await insert('00000000-0000-4000-8000-000000000004', 'closed', 'explain-non-filing', explain);
    await insert('00000000-0000-4000-8000-000000000005', 'open', null, null);

    // The last hour of the 7-day clock: nothing is due.
    assert.equal(await schedulers[0]!.runOnce(new Date(explain.getTime() - 3_600_000)), 0);
    // Just after it: the first consultation only, once between the two instances.
    const justAfter = new Date(explain.getTime() + 1000);
    const counts = await Promise.all(schedulers.map((s) => s.runOnce(justAfter)));
    assert.equal(counts[0]! + counts[1]!, 1);
    // Two months later the 15-day clock has passed too; a second pass finds nothing new.
    const later = new Date('2026-12-01T00:00:00Z');
    const later1 = await Promise.all(schedulers.map((s) => s.runOnce(later)));
    assert.equal(later1[0]! + later1[1]!, 1);
    assert.equal(await schedulers[1]!.runOnce(later), 0);

    const events = await overdueEvents();
    assert.deepEqual(
      events.map((e) => [e.consultationId.slice(-1), e.followUp, e.state, e.followUpDueAt]),
      [
        ['1', FollowUp.EXPLAIN_NON_FILING, ConsultationState.ANSWERED, explain.toISOString()],
        ['2', FollowUp.FILE_AFTER_NOTICE, ConsultationState.ANSWERED, file.toISOString()],
      ],
    );
    const rows: Array<{ id: string; state: string; overdue_at: Date | null }> = await dataSource.query(
      `SELECT id, state, follow_up_overdue_at AS overdue_at FROM meetings.police_consultation ORDER BY id`,
    );
    assert.deepEqual(
      rows.map((r) => [r.state, r.overdue_at?.toISOString() ?? null]),
      [
        ['answered', justAfter.toISOString()],
        ['answered', later.toISOString()],
        ['answered', null],
        ['closed', null],
        ['open', null],
      ],
    );
  });

  it('shares a large pass between two instances without announcing any clock twice', async () => {
    const due = clocks.dueAt('explain-non-filing', opinionAt)!;
    const n = 450;
    await dataSource.query(
      `INSERT INTO meetings.police_consultation (id, isco_org, police_org, procuratorate_org, police_case_number,
         category, type, question, state, visible_to, logged_by, logged_at, opinion, opinion_at, follow_up,
         follow_up_due_at)
       SELECT gen_random_uuid(), 'isco-540522', 'police-540522', 'proc-540522', '贡公（刑）不立字〔2026〕' || i || '号',
              'illegal-fishing', 'filing-supervision', '测试', 'answered', $1, 't', $2, '意见', $2,
              'explain-non-filing', $3
         FROM generate_series(1000, 1000 + $4 - 1) AS i`,
      [VISIBLE, opinionAt, due, n],
    );
    const before = (await overdueEvents()).length;
    const at = new Date('2027-01-04T00:00:00Z');
    const counts = await Promise.all(schedulers.map((s) => s.runOnce(at)));
    assert.equal(counts[0]! + counts[1]!, n);
    const events = await overdueEvents();
    assert.equal(events.length - before, n);
    assert.equal(
      new Set(events.map((e) => e.consultationId)).size,
      events.length,
      'each clock announced once',
    );
    const [{ left }] = await dataSource.query(
      `SELECT count(*)::int AS left FROM meetings.police_consultation
        WHERE state = 'answered' AND follow_up_due_at IS NOT NULL AND follow_up_overdue_at IS NULL`,
    );
    assert.equal(left, 0);
  });
});
