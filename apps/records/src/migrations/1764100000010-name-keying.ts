import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `records.name_keying`: which version of the name keys (nameKeys + the variant table, src/names) the stored
 * `person_name.key` / `name_key` rows were computed with — one row, the fingerprint (people/rekey.ts).
 *
 * Keys are computed in TypeScript (pinyin-pro, the variant table), not in SQL, so this migration cannot re-key
 * the stored names itself. It leaves the table empty instead: a missing or different fingerprint makes the
 * service re-key every stored name once at its next start, as the login role, before it answers anything
 * (openRecordsDataSource). That is how the official Tibetan pinyin spellings (Cering, Zhoima…) reach the rows
 * that existed before them, and how any later change to the table will.
 *
 * Only the login role (migrations, loaders, the re-keying) touches it: no grant to `records_writer`.
 */
export class RecordsNameKeying1764100000010 implements MigrationInterface {
  name = 'RecordsNameKeying1764100000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "records"."name_keying" (
        "singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"),
        "fingerprint" text NOT NULL CHECK ("fingerprint" ~ '^[0-9a-f]{64}$'),
        "rekeyed_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "records"."name_keying"`);
  }
}
