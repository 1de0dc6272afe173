import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { createDatabase, dropDatabase, uniqueName } from '@yiti/devstack';
import { JsonLogger } from '@yiti/logging';
import { openServiceDataSource } from '@yiti/persistence';
import { AGREEMENTS_ENTITIES, AGREEMENTS_MIGRATIONS } from '../src/app.module.js';
import { AgreementEventsOutbox } from '../src/agreements/agreement-events.js';
import { AgreementsRepository } from '../src/agreements/agreements.repository.js';
import { AgreementsScheduler } from '../src/agreements/agreements.scheduler.js';

const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The scheduler against real PostgreSQL, with the calendar moved by hand: a pact enters into force and expires
 * on its dates without anyone acting, each announced once even when two instances run at the same moment.
 */
describe('agreements scheduler', () => {
  const name = uniqueName('yiti_test_sched');
  let dataSource: DataSource;
  let schedulers: AgreementsScheduler[];

  const events = async () =>
    (
      (await dataSource.query(`SELECT subject FROM agreements.outbox ORDER BY seq`)) as Array<{
        subject: string;
      }>
    ).map((r) => r.subject.replace(/^yiti\.evt\.agreements\.agreement\./, ''));

  before(async () => {
    const url = await createDatabase(ADMIN_URL, name);
    const logger = new JsonLogger('test', 'error', () => undefined);
    dataSource = await openServiceDataSource({
      service: 'scheduler-test',
      url,
      schema: 'agreements',
      entities: AGREEMENTS_ENTITIES,
      migrations: AGREEMENTS_MIGRATIONS,
      poolSize: 4,
      logger,
    });
    const make = () =>
      new AgreementsScheduler(
        dataSource,
        new AgreementsRepository(),
        new AgreementEventsOutbox(''),
        logger,
        60,
      );
    schedulers = [make(), make()];
    await dataSource.query(
      `INSERT INTO agreements.agreement (code, kind, state, party_codes, visible_to, created_by)
       VALUES ('future-pact', 'cooperation-mechanism', 'active', '{proc-540522,proc-540124}', '{proc-540522,proc-540124}', 't')`,
    );
    const content = {
      titleZh: '未来协议',
      titleEn: '',
      scope: { businessLines: [], caseCategories: [], divisionCodes: [], basinCode: '' },
      clauses: [{ number: 1, text: '一' }],
      effectiveFrom: '2030-01-01',
      effectiveTo: '2030-12-31',
      settings: { acknowledgeWithinDays: 3, decideWithinDays: 10, shareRecordsLookup: false },
    };
    await dataSource.query(
      `INSERT INTO agreements.agreement_version (agreement_code, number, content, effective_from, effective_to,
         business_lines, case_categories, division_codes, fully_signed_at, created_by)
       VALUES ('future-pact', 1, $1, '2030-01-01', '2030-12-31', '{}', '{}', '{}', now(), 't')`,
      [content],
    );
  });

  after(async () => {
    await dataSource?.destroy();
    await dropDatabase(ADMIN_URL, name);
  });

  it('announces nothing before the effective date', async () => {
    await schedulers[0]!.runOnce('2029-12-31');
    assert.deepEqual(await events(), []);
  });

  it('announces entry into force once, even with two instances at the same moment', async () => {
    await Promise.all(schedulers.map((s) => s.runOnce('2030-01-01')));
    await Promise.all(schedulers.map((s) => s.runOnce('2030-06-01')));
    assert.deepEqual(await events(), ['in-force.v1']);
  });

  it('announces expiry once after the end date, and then leaves the pact alone', async () => {
    await schedulers[0]!.runOnce('2030-12-31');
    assert.deepEqual(await events(), ['in-force.v1']);
    await Promise.all(schedulers.map((s) => s.runOnce('2031-01-01')));
    assert.deepEqual(await events(), ['in-force.v1', 'expired.v1']);
    assert.equal(await schedulers[0]!.runOnce('2031-06-01'), 0, 'no agreement is due any more');
  });
});
