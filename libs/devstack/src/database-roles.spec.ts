import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { DATABASE_SERVICES, serviceRoleNames } from './databases.js';
import { startTestStack, type TestStack } from './test-stack.js';

// Each service migrates as the owner of its schema and runs as a login role that may only read and write its
// own tables (docs/security.md), against the stack's real PostgreSQL and the services' real migrations.

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The query is refused for want of a privilege (SQLSTATE 42501 with PostgreSQL's own message, not a trigger). */
async function refused(client: pg.Client, sql: string, message: RegExp): Promise<void> {
  await assert.rejects(client.query(sql), (err: { code?: string; message: string }) => {
    assert.equal(err.code, '42501', err.message);
    assert.match(err.message, message);
    return true;
  });
}

describe('PostgreSQL roles of the services', () => {
  let stack: TestStack;
  let database: string;

  before(async () => {
    // TLS, so that a service may start in production mode beside the stack (it needs NATS_TLS_CA_FILE there).
    stack = await startTestStack({ natsTls: true });
    database = new URL(stack.databaseUrl).pathname.slice(1);
  });
  after(async () => {
    await stack?.stop();
  });

  it('every service runs as a login role of its own, no superuser, and its owner role owns its schema', async () => {
    const rows = await withClient(stack.databaseUrl, async (admin) => {
      const { rows } = await admin.query<{ nspname: string; owner: string }>(
        `SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = ANY($1) ORDER BY 1`,
        [[...DATABASE_SERVICES]],
      );
      return rows;
    });
    assert.deepEqual(
      rows,
      [...DATABASE_SERVICES].sort().map((s) => ({ nspname: s, owner: serviceRoleNames(database, s).owner })),
    );
    for (const service of DATABASE_SERVICES) {
      const urls = stack.serviceDatabases[service];
      const role = await withClient(urls.url, async (c) => {
        const { rows } = await c.query<{ rolname: string; rolsuper: boolean; rolcreaterole: boolean }>(
          `SELECT rolname, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user`,
        );
        return rows[0];
      });
      assert.deepEqual(role, {
        rolname: serviceRoleNames(database, service).runtime,
        rolsuper: false,
        rolcreaterole: false,
      });
    }
  });

  it("the transfers runtime role uses its own tables, cannot read records' tables nor create a table", async () => {
    await withClient(stack.serviceDatabases.transfers.url, async (c) => {
      await c.query('SELECT count(*) FROM transfers.transfer');
      await c.query(`UPDATE transfers.transfer SET summary = summary WHERE false`);
      await refused(c, 'SELECT * FROM records.person', /permission denied for schema records/);
      await refused(c, 'SELECT * FROM records.audit_log', /permission denied for schema records/);
      await refused(c, 'SELECT * FROM agreements.agreement', /permission denied for schema agreements/);
      await refused(c, 'CREATE TABLE transfers.stolen (x int)', /permission denied for schema transfers/);
      await refused(c, 'CREATE TABLE public.stolen (x int)', /permission denied for schema public/);
      await refused(c, 'TRUNCATE transfers.transfer_step', /permission denied for table transfer_step/);
    });
  });

  it('the records runtime role reads the audit log and its head but cannot change, delete or truncate them', async () => {
    await withClient(stack.serviceDatabases.records.url, async (c) => {
      await c.query('SELECT seq, hash FROM records.audit_head');
      await c.query('SELECT count(*) FROM records.audit_log');
      await refused(c, `UPDATE records.audit_log SET actor = 'x'`, /permission denied for table audit_log/);
      await refused(c, 'DELETE FROM records.audit_log', /permission denied for table audit_log/);
      await refused(c, 'TRUNCATE records.audit_log', /permission denied for table audit_log/);
      await refused(c, 'UPDATE records.audit_head SET seq = seq', /permission denied for table audit_head/);
      await refused(c, `UPDATE records.person SET sex = sex`, /permission denied for table person/);
      await refused(c, 'CREATE TABLE records.stolen (x int)', /permission denied for schema records/);
      await refused(c, 'SELECT * FROM transfers.transfer', /permission denied for schema transfers/);
    });
  });

  it('a service given a superuser DATABASE_URL in production refuses to start, saying why', async () => {
    await assert.rejects(
      stack.start('directory', {
        NODE_ENV: 'production',
        DATABASE_URL: stack.databaseUrl,
        DATABASE_MIGRATION_URL: stack.serviceDatabases.directory.migrationUrl,
      }),
      // The JSON log line of the refusal (quotes escaped), before the process exits.
      /exited before it was ready[\s\S]*"level":"error".*DATABASE_URL logs in as \\"\w+\\", a superuser: in production the service must run as a role/,
    );
  });
});
