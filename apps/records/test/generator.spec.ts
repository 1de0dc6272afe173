import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createDatabase, dropDatabase, uniqueName } from '@yiti/devstack';
import { SHANNAN_REFERENCE } from '@yiti/reference';
import { JsonLogger } from '@yiti/logging';
import { openServiceDataSource } from '@yiti/persistence';
import { parseCitizenId } from '../src/identity/citizen-id.js';
import { RECORDS_MIGRATIONS } from '../src/migrations/index.js';
import { nameKeys } from '../src/names/name-keys.js';
import {
  divisionsFromReference,
  knownDivisionCodes,
  loadSyntheticPeople,
  UnsuitableDatabaseError,
} from '../src/people/index.js';

const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PERSONS = 5000;

/**
 * The synthetic-data generator against real PostgreSQL: every generated citizen ID is valid (legacy address
 * codes included), only effective judgments are stored, some are sealed, and a variant spelling of a Tibetan
 * name finds the persons stored under another spelling through the name keys.
 */
describe('synthetic offender records', () => {
  const name = uniqueName('yiti_test_records');
  const divisions = divisionsFromReference(SHANNAN_REFERENCE);
  const known = knownDivisionCodes(divisions);
  let db: pg.Client;

  before(async () => {
    const url = await createDatabase(ADMIN_URL, name);
    const dataSource = await openServiceDataSource({
      service: 'records-generator-test',
      url,
      schema: 'records',
      entities: [],
      migrations: RECORDS_MIGRATIONS,
      poolSize: 2,
      logger: new JsonLogger('test', 'error', () => undefined),
    });
    await dataSource.destroy();
    db = new pg.Client({ connectionString: url });
    await db.connect();
    await loadSyntheticPeople(db, { count: PERSONS, seed: 7, divisions, batchSize: 1000 });
  });

  after(async () => {
    await db?.end();
    await dropDatabase(ADMIN_URL, name);
  });

  it('makes valid, unique citizen IDs, legacy address codes included', async () => {
    const { rows } = await db.query<{ citizen_id: string }>('SELECT citizen_id FROM records.person');
    assert.equal(rows.length, PERSONS);
    assert.equal(new Set(rows.map((r) => r.citizen_id)).size, PERSONS);
    for (const { citizen_id } of rows) {
      const parsed = parseCitizenId(citizen_id, (code) => known.has(code), '2026-11-22');
      assert.ok(parsed.ok, `${citizen_id}: ${parsed.ok ? '' : parsed.problems.join('; ')}`);
    }
    assert.ok(
      rows.some((r) => r.citizen_id.startsWith('5422')),
      'some legacy 5422xx codes',
    );
    assert.ok(
      rows.some((r) => r.citizen_id.startsWith('5405')),
      'and current codes',
    );
  });

  it('stores only effective judgments, some of them sealed, all marked synthetic', async () => {
    const { rows } = await db.query<{ total: number; sealed: number; effective: number; real: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE sealed)::int AS sealed,
              count(*) FILTER (WHERE effective)::int AS effective,
              (SELECT count(*)::int FROM records.person WHERE NOT synthetic) AS real
         FROM records.conviction`,
    );
    const c = rows[0]!;
    assert.ok(c.total > PERSONS * 0.2, `convictions: ${c.total}`);
    assert.equal(c.effective, c.total);
    assert.ok(c.sealed > 0 && c.sealed < c.total * 0.1, `sealed: ${c.sealed} of ${c.total}`);
    assert.equal(c.real, 0);
    await assert.rejects(db.query(`UPDATE records.conviction SET effective = false WHERE true`));
  });

  it('finds a Tibetan name under its other spellings through the name keys', async () => {
    const { rows } = await db.query<{ name: string }>(
      `SELECT DISTINCT n.name FROM records.person_name n
        WHERE n.key = $1 LIMIT 50`,
      [nameKeys('扎喜次仁').keys[0]],
    );
    assert.ok(rows.length > 0, 'someone is named 扎西次仁 in one of its spellings');
    const spellings = new Set(rows.map((r) => r.name));
    assert.ok(spellings.size > 1, `several spellings share the key: ${[...spellings].join(', ')}`);
    for (const spelling of spellings) assert.equal(nameKeys(spelling).keys[0], 'tashi tsering');
  });

  it('keeps every distinct name key once in the dictionary that fuzzy search runs over', async () => {
    const { rows } = await db.query<{ missing: number; extra: number; keys: number }>(
      `SELECT (SELECT count(*)::int FROM (SELECT DISTINCT key FROM records.person_name) k
                WHERE NOT EXISTS (SELECT 1 FROM records.name_key d WHERE d.key = k.key)) AS missing,
              (SELECT count(*)::int FROM records.name_key d
                WHERE NOT EXISTS (SELECT 1 FROM records.person_name n WHERE n.key = d.key)) AS extra,
              (SELECT count(*)::int FROM records.name_key) AS keys`,
    );
    assert.deepEqual({ missing: rows[0]!.missing, extra: rows[0]!.extra }, { missing: 0, extra: 0 });
    assert.ok(rows[0]!.keys > 100);
  });

  it('refuses a database whose ctype gives pg_trgm no trigrams for Chinese', async () => {
    const cName = uniqueName('yiti_test_ctype_c');
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(
        `CREATE DATABASE "${cName}" TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C' LC_COLLATE 'C'`,
      );
      const c = new pg.Client({ connectionString: ADMIN_URL.replace(/\/[^/]*$/, `/${cName}`) });
      await c.connect();
      await assert.rejects(
        loadSyntheticPeople(c, { count: 1, seed: 1, divisions }),
        (err: unknown) => err instanceof UnsuitableDatabaseError && /LC_CTYPE 'C'/.test(err.message),
      );
      await c.end();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${cName}"`);
      await admin.end();
    }
  });
});
