import 'reflect-metadata';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createDatabase, dropDatabase, uniqueName } from '@yiti/devstack';
import { SHANNAN_REFERENCE } from '@yiti/reference';
import { JsonLogger } from '@yiti/logging';
import { openServiceDataSource } from '@yiti/persistence';
import { checkDigit, parseCitizenId } from '../src/identity/citizen-id.js';
import { RECORDS_MIGRATIONS } from '../src/migrations/index.js';
import { nameKeys } from '../src/names/name-keys.js';
import type { EntityManager } from 'typeorm';
import { personsByNameKeys } from '../src/lookups/record-queries.js';
import {
  divisionsFromReference,
  ensureCurrentNameKeys,
  knownDivisionCodes,
  loadSyntheticPeople,
  NAME_KEYS_FINGERPRINT,
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

  it('re-keys a person stored before the official Tibetan pinyin was in the table: 次仁卓玛 finds Cering Zhoima', async () => {
    const person = '00000000-0000-4000-8000-00000000c0e1';
    const citizenId = '540522199102020123';
    await db.query(
      `INSERT INTO records.person (id, citizen_id, sex, birth_date, household_division, holder_org)
       VALUES ($1, $2, 'female', '1991-02-02', '540522', 'proc-540522')`,
      [person, citizenId.slice(0, 17) + checkDigit(citizenId.slice(0, 17))],
    );
    // The keys the previous table gave "Cering Zhoima" (no part known) and 策旦卓玛 (策旦 unknown).
    const stale: Array<[string, string, string]> = [
      ['Cering Zhoima', 'latin', 'cering zhoima'],
      ['Cering Zhoima', 'latin', 'ceringzhoima'],
      ['策旦卓玛', 'han', 'ce dan drolma'],
      ['策旦卓玛', 'han', 'cedandrolma'],
      ['策旦卓玛', 'han', 'ce dan zhuo ma'],
      ['策旦卓玛', 'han', 'cedanzhuoma'],
      ['策旦卓玛', 'han', '策旦卓玛'],
    ];
    for (const [name, script, key] of stale) {
      await db.query(
        `INSERT INTO records.person_name (person_id, name, script, is_alias, key) VALUES ($1, $2, $3, $4, $5)`,
        [person, name, script, script === 'han', key],
      );
      await db.query(`INSERT INTO records.name_key (key) VALUES ($1) ON CONFLICT DO NOTHING`, [key]);
    }
    // As on a database keyed before migration 1764100000010: no fingerprint.
    await db.query(`DELETE FROM records.name_keying`);
    const m = { query: async (sql: string, params: unknown[]) => (await db.query(sql, params)).rows };
    const search = async (name: string) =>
      (
        await personsByNameKeys(
          m as unknown as EntityManager,
          nameKeys(name).keys,
          { birthDate: '1991-02-02', sex: null, divisionCode: null },
          ['proc-540522'],
          20,
        )
      ).map((h) => h.person_id);
    assert.ok(!(await search('次仁卓玛')).includes(person), 'not findable before re-keying');

    const result = await ensureCurrentNameKeys(db);
    assert.equal(result.rekeyed, true);
    assert.ok(result.changed >= 2, `changed ${result.changed} of ${result.names}`);
    for (const name of ['次仁卓玛', 'Tsering Drolma', 'Cering Zhoima', '次旦卓玛', 'Tseten Dolma']) {
      assert.ok((await search(name)).includes(person), `${name} finds the re-keyed person`);
    }
    const { rows } = await db.query<{ key: string }>(
      `SELECT DISTINCT key FROM records.person_name WHERE person_id = $1 ORDER BY key`,
      [person],
    );
    assert.ok(
      !rows.some((r) => r.key === 'ceringzhoima' || r.key === 'ce dan drolma'),
      'stale keys are gone',
    );
    const stored = await db.query(`SELECT fingerprint FROM records.name_keying`);
    assert.equal(stored.rows[0].fingerprint, NAME_KEYS_FINGERPRINT);
    assert.equal((await ensureCurrentNameKeys(db)).rekeyed, false, 'a second start re-keys nothing');
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
