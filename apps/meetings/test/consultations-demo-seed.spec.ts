import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { loadCalendarData, WorkingDayCalendar } from '@yiti/calendar';
import { POLICE_CASE_NUMBER } from '@yiti/contracts';
import { createDatabase, dropDatabase, uniqueName } from '@yiti/devstack';
import { JsonLogger } from '@yiti/logging';
import { openServiceDataSource } from '@yiti/persistence';
import { MEETINGS_ENTITIES, MEETINGS_MIGRATIONS } from '../src/app.module.js';
import { PoliceConsultation } from '../src/consultations/consultation.entity.js';
import { ConsultationsDemoSeed } from '../src/consultations/demo-seed.js';
import { FollowUpClocks } from '../src/consultations/follow-up-clocks.js';

const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * What `npm start` loads: a few consultations at 贡嘎's ISCO in every state, marked （演示）, one with a running
 * seven-day clock to explain a non-filing — passing the table's own checks, and loaded once.
 */
describe('demonstration consultations', () => {
  const name = uniqueName('yiti_test_cdemo');
  let dataSource: DataSource;
  const clocks = new FollowUpClocks(new WorkingDayCalendar(loadCalendarData()));
  const logger = new JsonLogger('test', 'error', () => undefined);
  const seed = (enabled: boolean) => new ConsultationsDemoSeed(dataSource, clocks, enabled, logger);

  before(async () => {
    const url = await createDatabase(ADMIN_URL, name);
    dataSource = await openServiceDataSource({
      service: 'consultations-demo-test',
      url,
      schema: 'meetings',
      entities: MEETINGS_ENTITIES,
      migrations: MEETINGS_MIGRATIONS,
      poolSize: 2,
      logger,
    });
  });

  after(async () => {
    await dataSource?.destroy();
    await dropDatabase(ADMIN_URL, name);
  });

  it('loads nothing unless told to', async () => {
    await seed(false).onApplicationBootstrap();
    assert.equal(await dataSource.getRepository(PoliceConsultation).count(), 0);
  });

  it('has 贡嘎 consultations in every state, one with a running clock to explain a non-filing', async () => {
    await seed(true).onApplicationBootstrap();
    const all = await dataSource.getRepository(PoliceConsultation).find({ order: { id: 'ASC' } });
    assert.deepEqual(
      all.map((c) => c.state),
      ['open', 'answered', 'answered', 'closed'],
    );
    for (const c of all) {
      assert.ok(c.demo && c.question.startsWith('（演示）'), c.id);
      assert.ok(POLICE_CASE_NUMBER.test(c.policeCaseNumber), c.policeCaseNumber);
      assert.deepEqual(
        [c.iscoOrg, c.policeOrg, c.procuratorateOrg, c.visibleTo],
        [
          'isco-540522',
          'police-540522',
          'proc-540522',
          ['isco-540522', 'police-540522', 'proc-540000', 'proc-540500', 'proc-540522'],
        ],
      );
    }
    const clock = all.filter((c) => c.followUp === 'explain-non-filing');
    assert.equal(clock.length, 1);
    assert.equal(clock[0]!.type, 'filing-supervision');
    assert.equal(
      clock[0]!.followUpDueAt?.toISOString(),
      clocks.dueAt('explain-non-filing', clock[0]!.opinionAt!)?.toISOString(),
    );
    assert.ok(clock[0]!.followUpDueAt! > new Date(), 'the clock is still running');
  });

  it('loads once', async () => {
    await seed(true).onApplicationBootstrap();
    assert.equal(await dataSource.getRepository(PoliceConsultation).count(), 4);
  });
});
