import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offender-record tables: persons, their name variant keys and their convictions.
 *
 * - `pg_trgm` is installed in schema `public` (database-wide, like every extension; `public` is on the default
 *   search_path, so `%` and similarity() work unqualified). The trigram index names the operator class
 *   `public.gin_trgm_ops` explicitly. GIN only — with a GiST trigram index on the same column the planner was
 *   seen to pick GiST (≈ 45 ms instead of ≈ 1 ms). pg_trgm needs a database whose LC_CTYPE is UTF-8 aware
 *   (e.g. C.UTF-8): under ctype C it extracts no trigrams from Chinese text and fuzzy search finds nothing.
 * - Codes are `text` with CHECKs, never `char(n)`: comparing a char(n) column with a text expression skipped
 *   the index.
 * - `records.person_name`: one row per (name, variant key) — keys come from nameKeys() (src/names) — with a
 *   btree on `key` for exact matches and a GIN trigram index on `key` for typo-tolerant matches.
 * - `records.conviction`: only effective court judgments are records (`effective` is NOT NULL CHECK (effective));
 *   `sealed` marks juvenile records (Criminal Procedure Law art. 286).
 * - `synthetic` marks generated rows (npm run records:generate); real data would be loaded with false.
 *
 * `down` drops the tables; it drops pg_trgm too unless something else in the database still depends on it.
 */
export class CreateRecordsPersons1764100000001 implements MigrationInterface {
  name = 'CreateRecordsPersons1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "records"`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    await q.query(`
      CREATE TABLE "records"."person" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "citizen_id" text NOT NULL CONSTRAINT "person_citizen_id_key" UNIQUE
          CONSTRAINT "person_citizen_id_format" CHECK ("citizen_id" ~ '^[0-9]{17}[0-9X]$'),
        "sex" text NOT NULL CHECK ("sex" IN ('male', 'female')),
        "birth_date" date NOT NULL,
        "household_division" text NOT NULL CHECK ("household_division" ~ '^[0-9]{6}$'),
        "holder_org" text NOT NULL CHECK ("holder_org" <> ''),
        "synthetic" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "records"."person_name" (
        "person_id" uuid NOT NULL REFERENCES "records"."person" ("id") ON DELETE CASCADE,
        "name" text NOT NULL CHECK (char_length("name") BETWEEN 1 AND 100),
        "script" text NOT NULL CHECK ("script" IN ('han', 'tibetan', 'latin', 'mixed')),
        "is_alias" boolean NOT NULL DEFAULT false,
        "key" text NOT NULL CHECK ("key" <> ''),
        PRIMARY KEY ("person_id", "key", "name")
      )`);
    await q.query(`CREATE INDEX "person_name_key_idx" ON "records"."person_name" ("key")`);
    await q.query(
      `CREATE INDEX "person_name_key_trgm_idx" ON "records"."person_name" USING gin ("key" public.gin_trgm_ops)`,
    );
    await q.query(`
      CREATE TABLE "records"."conviction" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "person_id" uuid NOT NULL REFERENCES "records"."person" ("id") ON DELETE CASCADE,
        "court" text NOT NULL CHECK ("court" <> ''),
        "judgment_number" text NOT NULL CHECK ("judgment_number" <> ''),
        "judgment_date" date NOT NULL,
        "offence" text NOT NULL CHECK ("offence" <> ''),
        "sentence" text NOT NULL CHECK ("sentence" <> ''),
        "sealed" boolean NOT NULL DEFAULT false,
        "effective" boolean NOT NULL DEFAULT true CONSTRAINT "conviction_effective_only" CHECK ("effective"),
        "holder_org" text NOT NULL CHECK ("holder_org" <> ''),
        "synthetic" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "conviction_person_id_idx" ON "records"."conviction" ("person_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "records"."conviction"`);
    await q.query(`DROP TABLE "records"."person_name"`);
    await q.query(`DROP TABLE "records"."person"`);
    await q.query(`
      DO $$
      BEGIN
        DROP EXTENSION IF EXISTS pg_trgm;
      EXCEPTION WHEN dependent_objects_still_exist THEN
        NULL; -- still used elsewhere in this database
      END
      $$`);
  }
}
