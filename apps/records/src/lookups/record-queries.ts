import type { EntityManager } from 'typeorm';

/**
 * The SQL of lookups, in one place. Every query takes the holder organizations the caller may read and never
 * returns a person or conviction held by anyone else; sealed convictions only with `withSealed` (a judicial-use
 * purpose). Read-only, outside any transaction: the lookup's audit entry is written afterwards, and the answer
 * leaves only once it has committed (audit/audit-writer.ts).
 */

export interface PersonRow {
  id: string;
  citizen_id: string;
  sex: 'male' | 'female';
  birth_date: string;
  household_division: string;
  holder_org: string;
  /** Primary names (not aliases), one each. */
  names: string[];
  conviction_count: number;
}

/** One person under one of the keys asked for. */
export interface NameHit {
  person_id: string;
  /** Index into the keys asked for. */
  ord: number;
  /** The person's names (aliases included) under that key. */
  names: string[];
}

export interface NameFilters {
  birthDate: string | null;
  sex: 'male' | 'female' | null;
  divisionCode: string | null;
}

/** Minimum pg_trgm similarity for a dictionary key to count as a typo of the query's key. */
export const FUZZY_THRESHOLD = 0.45;
/** At most this many dictionary keys are tried as typos. */
export const FUZZY_KEYS = 12;

const PERSON_COLUMNS = `
  p."id", p."citizen_id", p."sex", p."birth_date"::text AS birth_date, p."household_division", p."holder_org",
  ARRAY(SELECT DISTINCT n."name" FROM "records"."person_name" n
         WHERE n."person_id" = p."id" AND NOT n."is_alias" ORDER BY n."name") AS names,
  (SELECT count(*)::int FROM "records"."conviction" c
    WHERE c."person_id" = p."id" AND c."holder_org" = ANY($2::text[]) AND ($3::boolean OR NOT c."sealed"))
    AS conviction_count`;

export async function personByCitizenId(
  m: EntityManager,
  citizenId: string,
  holders: readonly string[],
  withSealed: boolean,
): Promise<PersonRow | undefined> {
  const rows = (await m.query(
    `SELECT ${PERSON_COLUMNS} FROM "records"."person" p
      WHERE p."citizen_id" = $1 AND p."holder_org" = ANY($2::text[])`,
    [citizenId, holders, withSealed],
  )) as PersonRow[];
  return rows[0];
}

/**
 * Whether a person exists at all, whoever holds it: only for the audit entry, which tells "held by someone the
 * caller may not read" (`denied:holder`) from "no such person". Never part of an answer.
 */
export async function personExists(
  m: EntityManager,
  by: { personId: string } | { citizenId: string },
): Promise<boolean> {
  const rows = (await m.query(
    'personId' in by
      ? `SELECT 1 FROM "records"."person" WHERE "id" = $1`
      : `SELECT 1 FROM "records"."person" WHERE "citizen_id" = $1`,
    ['personId' in by ? by.personId : by.citizenId],
  )) as unknown[];
  return rows.length > 0;
}

export async function personsByIds(
  m: EntityManager,
  ids: readonly string[],
  holders: readonly string[],
  withSealed: boolean,
): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return (await m.query(
    `SELECT ${PERSON_COLUMNS} FROM "records"."person" p
      WHERE p."id" = ANY($1::uuid[]) AND p."holder_org" = ANY($2::text[])`,
    [ids, holders, withSealed],
  )) as PersonRow[];
}

/**
 * Dictionary keys within FUZZY_THRESHOLD trigram similarity of `key`, most similar first (GIN index on
 * records.name_key: a few thousand candidates at most, whatever the number of persons).
 */
export async function similarKeys(
  m: EntityManager,
  key: string,
): Promise<Array<{ key: string; similarity: number }>> {
  // `%` uses the index with the session's pg_trgm.similarity_threshold, which the service's connections start
  // with (app.module.ts): at pg_trgm's default, 0.3, the index yields twice the candidates. The explicit filter
  // keeps the answer the same on a connection without the setting.
  return (await m.query(
    `SELECT k."key", similarity(k."key", $1) AS similarity FROM "records"."name_key" k
      WHERE k."key" % $1 AND similarity(k."key", $1) >= ${FUZZY_THRESHOLD}
      ORDER BY similarity DESC, k."key" LIMIT ${FUZZY_KEYS}`,
    [key],
  )) as Array<{ key: string; similarity: number }>;
}

/**
 * Persons with a name under one of `keys` (exact key match through the btree), each once per key with all
 * their names under it, up to `perKey` persons for each key — persons, not name rows: someone stored as
 * 扎西次仁, Tashi Tsering and བཀྲ་ཤིས་ཚེ་རིང་ has three rows under `tashi tsering` and counts once. Only persons
 * within the filters and the readable holders. `ord` says which key matched; a person may come under several
 * keys (the caller merges them). Ask for one more than the caller lists: a key that yields `perKey` persons
 * has at least that many, one that yields fewer has been read whole. Within a key the persons come in no
 * particular order — with a very common name and no filter, it is a sample.
 *
 * Two shapes of one query: with a birth date, the few dozen persons born that day are read once and their names
 * checked against every key (≈ 0.7 ms at 1M persons, whatever the number of keys); without, each key is read
 * through the btree until `perKey` persons are found (a common key has 30,000 rows: reading it whole would be
 * the cost). There a row counts only if it is the person's first name under the key (NOT EXISTS, one probe of
 * the primary key (person_id, key, name) per row), so the LIMIT stops after `perKey` persons, however many names
 * each has. Two planner hints keep that a short index scan: `OFFSET 0` keeps the NOT EXISTS a per-row probe (as
 * an anti-join the planner read the whole key: ≈ 250 ms for a common key at 200,000 persons), and a LIMIT it
 * cannot read in advance (`(SELECT $6)`) keeps it from expecting to need most of the key, for which it built a
 * bitmap of the whole key (≈ 10 ms instead of ≈ 1.3 ms; the row-counting query it replaces took ≈ 0.65 ms).
 */
export async function personsByNameKeys(
  m: EntityManager,
  keys: readonly string[],
  filters: NameFilters,
  holders: readonly string[],
  perKey: number,
): Promise<NameHit[]> {
  if (keys.length === 0) return [];
  const params = [keys, holders, filters.birthDate, filters.sex, filters.divisionCode, perKey];
  const rows = (await m.query(
    filters.birthDate
      ? `SELECT person_id, ord, names FROM (
           SELECT pn."person_id", k.ord::int AS ord, array_agg(pn."name" ORDER BY pn."name") AS names,
                  row_number() OVER (PARTITION BY k.ord ORDER BY pn."person_id") AS nth
             FROM "records"."person" p
             JOIN "records"."person_name" pn ON pn."person_id" = p."id"
             JOIN unnest($1::text[]) WITH ORDINALITY AS k("key", ord) ON k."key" = pn."key"
            WHERE p."birth_date" = $3::date AND p."holder_org" = ANY($2::text[])
              AND ($4::text IS NULL OR p."sex" = $4)
              AND ($5::text IS NULL OR p."household_division" = $5)
            GROUP BY pn."person_id", k.ord) per_person
          WHERE nth <= $6
          ORDER BY ord, person_id`
      : `SELECT hit."person_id", k.ord::int AS ord, hit.names
           FROM unnest($1::text[]) WITH ORDINALITY AS k("key", ord)
           CROSS JOIN LATERAL (
             SELECT pn."person_id",
                    ARRAY(SELECT o."name" FROM "records"."person_name" o
                           WHERE o."person_id" = pn."person_id" AND o."key" = pn."key" ORDER BY o."name") AS names
               FROM "records"."person_name" pn JOIN "records"."person" p ON p."id" = pn."person_id"
              WHERE pn."key" = k."key" AND p."holder_org" = ANY($2::text[])
                AND ($3::date IS NULL OR p."birth_date" = $3::date)
                AND ($4::text IS NULL OR p."sex" = $4)
                AND ($5::text IS NULL OR p."household_division" = $5)
                AND NOT EXISTS (SELECT 1 FROM "records"."person_name" o
                                 WHERE o."person_id" = pn."person_id" AND o."key" = pn."key" AND o."name" < pn."name"
                                 OFFSET 0)
              LIMIT (SELECT $6::int)) hit
          ORDER BY k.ord`,
    params,
  )) as NameHit[];
  return rows.map((r) => ({ ...r, ord: Number(r.ord) - 1 }));
}

export interface DetailRow {
  person: Omit<PersonRow, 'names' | 'conviction_count'>;
  names: Array<{ name: string; script: 'han' | 'tibetan' | 'latin' | 'mixed'; is_alias: boolean }>;
  convictions: Array<{
    id: string;
    court: string;
    judgment_number: string;
    judgment_date: string;
    offence: string;
    sentence: string;
    sealed: boolean;
    holder_org: string;
  }>;
}

export async function personDetail(
  m: EntityManager,
  personId: string,
  holders: readonly string[],
  withSealed: boolean,
): Promise<DetailRow | undefined> {
  const [person] = (await m.query(
    `SELECT p."id", p."citizen_id", p."sex", p."birth_date"::text AS birth_date, p."household_division",
            p."holder_org"
       FROM "records"."person" p WHERE p."id" = $1 AND p."holder_org" = ANY($2::text[])`,
    [personId, holders],
  )) as DetailRow['person'][];
  if (!person) return undefined;
  const names = (await m.query(
    `SELECT DISTINCT "name", "script", "is_alias" FROM "records"."person_name" WHERE "person_id" = $1
      ORDER BY "is_alias", "script", "name"`,
    [personId],
  )) as DetailRow['names'];
  const convictions = (await m.query(
    `SELECT "id", "court", "judgment_number", "judgment_date"::text AS judgment_date, "offence", "sentence",
            "sealed", "holder_org"
       FROM "records"."conviction"
      WHERE "person_id" = $1 AND "effective" AND "holder_org" = ANY($2::text[]) AND ($3::boolean OR NOT "sealed")
      ORDER BY "judgment_date" DESC, "id"`,
    [personId, holders, withSealed],
  )) as DetailRow['convictions'];
  return { person, names, convictions };
}
