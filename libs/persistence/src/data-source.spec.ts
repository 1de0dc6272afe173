import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDatabase, createServiceRoles, dropDatabase, uniqueName } from '@yiti/devstack';
import { JsonLogger } from '@yiti/logging';
import { openServiceDataSource, type ServiceDataSourceOptions } from './data-source.js';

// Real PostgreSQL: a fresh database with the roles the dev stack makes (libs/devstack createServiceRoles).
const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

class CreateThing1700000000000 implements MigrationInterface {
  name = 'CreateThing1700000000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "directory"."thing" ("id" serial PRIMARY KEY, "name" text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "directory"."thing"`);
  }
}

describe('openServiceDataSource with two roles', () => {
  const name = uniqueName('persistence_test');
  let superuserUrl: string;
  let urls: Awaited<ReturnType<typeof createServiceRoles>>['directory'];
  const lines: string[] = [];
  const options = (url: string, migrationUrl: string, production: boolean): ServiceDataSourceOptions => ({
    service: 'directory',
    url,
    migrationUrl,
    production,
    schema: 'directory',
    entities: [],
    migrations: [CreateThing1700000000000],
    poolSize: 2,
    logger: new JsonLogger('directory', 'info', (line) => lines.push(line)),
  });

  before(async () => {
    superuserUrl = await createDatabase(ADMIN_URL, name);
    urls = (await createServiceRoles(ADMIN_URL, name)).directory;
  });
  after(async () => {
    await dropDatabase(ADMIN_URL, name);
  });

  it('migrates as the owner role, then runs as the runtime role on the tables the owner made', async () => {
    let migratedAs: string | undefined;
    const dataSource = await openServiceDataSource({
      ...options(urls.url, urls.migrationUrl, true),
      afterMigrations: async (owner) => {
        migratedAs = ((await owner.query('SELECT current_user AS u')) as Array<{ u: string }>)[0]?.u;
      },
    });
    try {
      assert.equal(migratedAs, `${name}_directory_owner`);
      const [row] = (await dataSource.query(
        `SELECT current_user AS u, (SELECT tableowner FROM pg_tables WHERE tablename = 'thing') AS owner`,
      )) as Array<{ u: string; owner: string }>;
      assert.deepEqual(row, { u: `${name}_directory`, owner: `${name}_directory_owner` });
      await dataSource.query(`INSERT INTO directory.thing (name) VALUES ('a')`);
      await assert.rejects(dataSource.query('DROP TABLE directory.thing'), /must be owner of table thing/);
    } finally {
      await dataSource.destroy();
    }
  });

  it('refuses a superuser runtime login in production, and only warns outside it', async () => {
    await assert.rejects(
      openServiceDataSource(options(superuserUrl, urls.migrationUrl, true)),
      /^Error: DATABASE_URL logs in as "\w+", a superuser: in production the service must run as a role that may only use its own tables \(docs\/security\.md\)$/,
    );
    lines.length = 0;
    const dataSource = await openServiceDataSource(options(superuserUrl, urls.migrationUrl, false));
    await dataSource.destroy();
    assert.ok(
      lines.some((l) =>
        /"level":"warn".*DATABASE_URL logs in as \\"\w+\\", a superuser; production refuses/.test(l),
      ),
      lines.join('\n'),
    );
  });
});
