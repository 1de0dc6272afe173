import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { createDatabase, dropDatabase, uniqueName } from '@yiti/devstack';
import { JsonLogger } from '@yiti/logging';
import { openServiceDataSource } from '@yiti/persistence';
import { BUSINESS_LINES, CASE_CATEGORIES } from '@yiti/reference';
import { DIRECTORY_ENTITIES, DIRECTORY_MIGRATIONS } from '../src/app.module.js';

const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The directory's migrations against real PostgreSQL: they apply, revert completely and apply again. */
describe('directory migrations', () => {
  const name = uniqueName('yiti_test_mig');
  let url: string;
  let dataSource: DataSource;

  const open = () =>
    openServiceDataSource({
      service: 'directory-migrations-test',
      url,
      schema: 'directory',
      entities: DIRECTORY_ENTITIES,
      migrations: DIRECTORY_MIGRATIONS,
      poolSize: 2,
      logger: new JsonLogger('test', 'error', () => undefined),
    });
  const count = async (table: string) =>
    Number((await dataSource.query(`SELECT count(*) AS n FROM directory.${table}`))[0].n);

  before(async () => {
    url = await createDatabase(ADMIN_URL, name);
    dataSource = await open();
  });

  after(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await dropDatabase(ADMIN_URL, name);
  });

  it('loads the reference data at start', async () => {
    assert.equal(await count('division'), 17); // the region, Shannan and Lhasa, Shannan's 12 divisions, 曲水 and 尼木
    assert.equal(await count('legacy_division_code'), 14); // 542200, 542221…542233, and 540530 (错那县 → 错那市)
    assert.equal(await count('basin_member'), 6);
    assert.equal(await count('business_line'), BUSINESS_LINES.length);
    assert.equal(await count('case_category'), CASE_CATEGORIES.length);
    assert.equal(
      await count('business_line_category'),
      BUSINESS_LINES.reduce((n, l) => n + l.categories.length, 0),
    );
    assert.equal(await count('audit_entry'), 0);
  });

  it('is reversible and re-applies to the same state', async () => {
    const before = { organizations: await count('organization'), divisions: await count('division') };
    for (let i = 0; i < DIRECTORY_MIGRATIONS.length; i++)
      await dataSource.undoLastMigration({ transaction: 'each' });
    const tables = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'directory' AND table_name <> 'migrations'`,
    );
    assert.deepEqual(tables, []);
    await dataSource.runMigrations({ transaction: 'each' });
    assert.deepEqual(
      { organizations: await count('organization'), divisions: await count('division') },
      before,
    );
  });

  it('applies once when two instances start at the same time on an empty database', async () => {
    const fresh = uniqueName('yiti_test_mig');
    const previous = url;
    url = await createDatabase(ADMIN_URL, fresh);
    try {
      const both = await Promise.all([open(), open()]);
      const applied = await both[0].query('SELECT count(*) AS n FROM directory.migrations');
      assert.equal(Number(applied[0].n), DIRECTORY_MIGRATIONS.length);
      await Promise.all(both.map((d) => d.destroy()));
    } finally {
      url = previous;
      await dropDatabase(ADMIN_URL, fresh);
    }
  });
});
