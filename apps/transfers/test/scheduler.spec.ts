import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { loadCalendarData, WorkingDayCalendar } from '@yiti/calendar';
import { createDatabase, dropDatabase, uniqueName } from '@yiti/devstack';
import { JsonLogger } from '@yiti/logging';
import { openServiceDataSource } from '@yiti/persistence';
import { TRANSFERS_ENTITIES, TRANSFERS_MIGRATIONS } from '../src/app.module.js';
import { Deadlines } from '../src/transfers/deadlines.js';
import { TransferEventsOutbox } from '../src/transfers/transfer-events.js';
import { TransferWriter } from '../src/transfers/transfer-writer.js';
import { TransfersScheduler } from '../src/transfers/transfers.scheduler.js';

const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The deadline clock against real PostgreSQL, moved by hand: each missed deadline is marked and announced
 * once, a dispute past its consultation deadline escalates once — even with two instances running at the
 * same moment.
 */
describe('transfers deadline scheduler', () => {
  const name = uniqueName('yiti_test_tsched');
  let dataSource: DataSource;
  let schedulers: TransfersScheduler[];
  const deadlines = new Deadlines(new WorkingDayCalendar(loadCalendarData()), 15);

  const events = async () =>
    (
      (await dataSource.query(`SELECT subject FROM transfers.outbox ORDER BY seq`)) as Array<{
        subject: string;
      }>
    ).map((r) => r.subject.replace(/^yiti\.evt\.transfers\.transfer\./, ''));

  const insert = async (
    id: string,
    state: string,
    due: Partial<Record<'ack' | 'decide' | 'consult', Date>>,
  ) =>
    dataSource.query(
      `INSERT INTO transfers.transfer (id, sender_org, receiver_org, kind, business_line, category, division_code,
         summary, acknowledge_days, decide_days, state, visible_to, common_superior_org, created_by, sent_at,
         acknowledge_due_at, decide_due_at, consultation_due_at)
       VALUES ($1, 'proc-540522', 'proc-540124', 'lead', 'criminal', 'illegal-mining', '540124', '测试', 3, 10, $2,
         '{proc-540522,proc-540124,proc-540000}', 'proc-540000', 't', now(), $3, $4, $5)`,
      [id, state, due.ack ?? null, due.decide ?? null, due.consult ?? null],
    );

  before(async () => {
    const url = await createDatabase(ADMIN_URL, name);
    const logger = new JsonLogger('test', 'error', () => undefined);
    dataSource = await openServiceDataSource({
      service: 'transfers-scheduler-test',
      url,
      schema: 'transfers',
      entities: TRANSFERS_ENTITIES,
      migrations: TRANSFERS_MIGRATIONS,
      poolSize: 4,
      logger,
    });
    const make = () =>
      new TransfersScheduler(dataSource, new TransferWriter(new TransferEventsOutbox('')), logger, 60);
    schedulers = [make(), make()];
  });

  after(async () => {
    await dataSource?.destroy();
    await dropDatabase(ADMIN_URL, name);
  });

  it('counts working days across National Day 2026 and the weekend', () => {
    // Sent Wednesday 30 September 2026, 10:00 in Shanghai; 1–7 October are holidays, 10 October is worked.
    const sent = new Date('2026-09-30T02:00:00Z');
    assert.equal(deadlines.acknowledge(sent, 3).toISOString(), '2026-10-10T16:00:00.000Z');
  });

  it('marks each missed deadline once and escalates a stale dispute once, with two instances', async () => {
    const sent = new Date('2026-09-30T02:00:00Z');
    const ack = deadlines.acknowledge(sent, 3);
    await insert('00000000-0000-4000-8000-000000000001', 'sent', { ack });
    await insert('00000000-0000-4000-8000-000000000002', 'received', { decide: deadlines.decide(sent, 10) });
    await insert('00000000-0000-4000-8000-000000000003', 'in-consultation', {
      consult: deadlines.consultation(sent),
    });
    await insert('00000000-0000-4000-8000-000000000004', 'accepted', { ack, decide: ack });

    // The day before the acknowledge deadline ends: nothing is due.
    assert.equal(await schedulers[0]!.runOnce(new Date('2026-10-09T12:00:00Z')), 0);
    // Just after it: the first transfer only.
    const justAfter = new Date(ack.getTime() + 1000);
    const counts = await Promise.all(schedulers.map((s) => s.runOnce(justAfter)));
    assert.equal(counts[0]! + counts[1]!, 1);
    // Two months later everything open is late; a second pass finds nothing new.
    const later = new Date('2026-12-01T00:00:00Z');
    const later1 = await Promise.all(schedulers.map((s) => s.runOnce(later)));
    assert.equal(later1[0]! + later1[1]!, 2);
    assert.equal(await schedulers[1]!.runOnce(later), 0);

    assert.deepEqual((await events()).sort(), ['escalated.v1', 'overdue.v1', 'overdue.v1', 'overdue.v1']);
    const rows: Array<{ id: string; state: string; late: boolean }> = await dataSource.query(
      `SELECT id, state, (acknowledge_overdue_at IS NOT NULL OR decide_overdue_at IS NOT NULL
                          OR consultation_overdue_at IS NOT NULL) AS late
         FROM transfers.transfer ORDER BY id`,
    );
    assert.deepEqual(
      rows.map((r) => [r.state, r.late]),
      [
        ['sent', true],
        ['received', true],
        ['escalated', true],
        ['accepted', false],
      ],
    );
  });
});
