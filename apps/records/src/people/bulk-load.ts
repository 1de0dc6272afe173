// Bulk loader for synthetic persons: one multi-row INSERT … SELECT FROM unnest(…) per table per batch, each
// batch in its own transaction, the next batch generated while the database works on the current one.
import { nameKeys, type NameKeys } from '../names/name-keys.js';
import { ensureCurrentNameKeys } from './rekey.js';
import { SyntheticPeople, type SyntheticOptions, type SyntheticPerson } from './synthetic.js';

/** Anything with pg's `query(text, values)` — a pg.Client or a pool client (one connection: batches are transactions). */
export interface SqlClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface LoadProgress {
  readonly persons: number;
  readonly names: number;
  readonly convictions: number;
  readonly elapsedMs: number;
}

export interface LoadOptions extends SyntheticOptions {
  readonly count: number;
  /** Persons per batch; default 10,000. */
  readonly batchSize?: number;
  /** Called after every batch. */
  readonly onBatch?: (progress: LoadProgress) => void;
}

export class UnsuitableDatabaseError extends Error {
  override name = 'UnsuitableDatabaseError';
}

/**
 * Refuses a database in which pg_trgm cannot work on Chinese text: LC_CTYPE 'C'/'POSIX' gives no trigrams
 * for non-ASCII letters, so fuzzy name search would silently find nothing.
 */
export async function assertTrigramCapableDatabase(client: SqlClient): Promise<void> {
  const { rows } = await client.query(
    `SELECT datname, datctype, pg_encoding_to_char(encoding) AS encoding
       FROM pg_database WHERE datname = current_database()`,
  );
  const row = rows[0] as { datname: string; datctype: string; encoding: string };
  if (row.datctype === 'C' || row.datctype === 'POSIX' || row.encoding !== 'UTF8') {
    throw new UnsuitableDatabaseError(
      `database "${row.datname}" has LC_CTYPE '${row.datctype}' and encoding ${row.encoding}: pg_trgm would ` +
        `extract no trigrams from Chinese names. Create it with ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' ` +
        `(TEMPLATE template0), e.g. createDatabase() from @yiti/devstack.`,
    );
  }
}

const INSERT_PERSONS = `
  INSERT INTO "records"."person" ("id", "citizen_id", "sex", "birth_date", "household_division", "holder_org", "synthetic")
  SELECT t.id, t.citizen_id, t.sex, t.birth_date, t.division, t.holder_org, true
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[])
      AS t(id, citizen_id, sex, birth_date, division, holder_org)`;

const INSERT_NAMES = `
  INSERT INTO "records"."person_name" ("person_id", "name", "script", "is_alias", "key")
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[], $5::text[])`;

/** The dictionary fuzzy search runs over (migration 1764100000002): each distinct key once. */
const INSERT_NAME_KEYS = `
  INSERT INTO "records"."name_key" ("key")
  SELECT DISTINCT k FROM unnest($1::text[]) AS k ON CONFLICT DO NOTHING`;

const INSERT_CONVICTIONS = `
  INSERT INTO "records"."conviction" ("id", "person_id", "court", "judgment_number", "judgment_date", "offence",
                                      "sentence", "sealed", "effective", "holder_org", "synthetic")
  SELECT t.id, t.person_id, t.court, t.judgment_number, t.judgment_date, t.offence, t.sentence, t.sealed, true,
         t.holder_org, true
    FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::boolean[],
                $9::text[])
      AS t(id, person_id, court, judgment_number, judgment_date, offence, sentence, sealed, holder_org)`;

interface Batch {
  persons: unknown[][];
  names: unknown[][];
  convictions: unknown[][];
  personCount: number;
  nameCount: number;
  convictionCount: number;
}

/** nameKeys is the costly part (pinyin); names repeat a lot, so keys are cached (bounded). */
class KeyCache {
  private readonly cache = new Map<string, NameKeys>();
  constructor(private readonly max = 200_000) {}
  get(name: string): NameKeys {
    let keys = this.cache.get(name);
    if (keys === undefined) {
      keys = nameKeys(name);
      if (this.cache.size >= this.max) this.cache.clear();
      this.cache.set(name, keys);
    }
    return keys;
  }
}

/** Builds a batch, yielding to the event loop every 500 persons so a write in flight keeps moving. */
async function buildBatch(
  people: { next(): SyntheticPerson },
  size: number,
  cache: KeyCache,
): Promise<Batch> {
  const persons: unknown[][] = [[], [], [], [], [], []];
  const names: unknown[][] = [[], [], [], [], []];
  const convictions: unknown[][] = [[], [], [], [], [], [], [], [], []];
  for (let i = 0; i < size; i++) {
    if (i % 500 === 499) await yieldToEventLoop();
    const p: SyntheticPerson = people.next();
    persons[0]!.push(p.id);
    persons[1]!.push(p.citizenId);
    persons[2]!.push(p.sex);
    persons[3]!.push(p.birthDate);
    persons[4]!.push(p.householdDivision);
    persons[5]!.push(p.holderOrg);
    const seen = new Set<string>();
    for (const n of p.names) {
      for (const key of cache.get(n.name).keys) {
        const unique = `${key}\u0000${n.name}`;
        if (seen.has(unique)) continue;
        seen.add(unique);
        names[0]!.push(p.id);
        names[1]!.push(n.name);
        names[2]!.push(n.script);
        names[3]!.push(n.isAlias);
        names[4]!.push(key);
      }
    }
    for (const c of p.convictions) {
      convictions[0]!.push(c.id);
      convictions[1]!.push(p.id);
      convictions[2]!.push(c.court);
      convictions[3]!.push(c.judgmentNumber);
      convictions[4]!.push(c.judgmentDate);
      convictions[5]!.push(c.offence);
      convictions[6]!.push(c.sentence);
      convictions[7]!.push(c.sealed);
      convictions[8]!.push(c.holderOrg);
    }
  }
  return {
    persons,
    names,
    convictions,
    personCount: size,
    nameCount: names[0]!.length,
    convictionCount: convictions[0]!.length,
  };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function writeBatch(client: SqlClient, batch: Batch): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(INSERT_PERSONS, batch.persons);
    await client.query(INSERT_NAMES, batch.names);
    await client.query(INSERT_NAME_KEYS, [[...new Set(batch.names[4] as string[])]]);
    if (batch.convictionCount > 0) await client.query(INSERT_CONVICTIONS, batch.convictions);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Loads the given persons (e.g. hand-written demonstration persons) in one batch, like generated ones. */
export async function loadPersons(client: SqlClient, persons: readonly SyntheticPerson[]): Promise<void> {
  if (persons.length === 0) return;
  let i = 0;
  await writeBatch(client, await buildBatch({ next: () => persons[i++]! }, persons.length, new KeyCache()));
}

/**
 * Generates `count` synthetic persons and loads them into records.person / person_name / conviction (schema
 * created by the records migrations), then ANALYZEs the tables. Re-keys the rows already stored first if
 * they were keyed with another variant table (people/rekey.ts). Deterministic for a given seed and division
 * list; a second run with the same seed into the same tables fails on the unique citizen_id.
 */
export async function loadSyntheticPeople(client: SqlClient, options: LoadOptions): Promise<LoadProgress> {
  if (!Number.isInteger(options.count) || options.count < 0)
    throw new RangeError('count must be an integer ≥ 0');
  const batchSize = options.batchSize ?? 10_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be an integer ≥ 1');
  await assertTrigramCapableDatabase(client);
  // Rows already there get today's keys first (people/rekey.ts), so old and new rows match the same way.
  await ensureCurrentNameKeys(client);
  const people = new SyntheticPeople(options);
  const cache = new KeyCache();
  const started = performance.now();
  let persons = 0;
  let names = 0;
  let convictions = 0;
  let next =
    options.count > 0 ? await buildBatch(people, Math.min(batchSize, options.count), cache) : undefined;
  while (next !== undefined) {
    const current = next;
    const write = writeBatch(client, current);
    write.catch(() => undefined); // awaited below; generation of the next batch overlaps with it
    const done = persons + current.personCount;
    next =
      done < options.count
        ? await buildBatch(people, Math.min(batchSize, options.count - done), cache)
        : undefined;
    await write;
    persons += current.personCount;
    names += current.nameCount;
    convictions += current.convictionCount;
    options.onBatch?.({ persons, names, convictions, elapsedMs: performance.now() - started });
  }
  await client.query(
    'ANALYZE "records"."person", "records"."person_name", "records"."name_key", "records"."conviction"',
  );
  return { persons, names, convictions, elapsedMs: performance.now() - started };
}
