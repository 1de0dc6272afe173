import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTablesDown, outboxTablesUp } from '@yiti/events';

/**
 * What the records service needs to answer lookups, and what its runtime role may touch.
 *
 * - `records.name_key`: every distinct name key once. Fuzzy (typo-tolerant) search runs pg_trgm over this
 *   dictionary — about 190,000 keys for 1,000,000 persons — and then fetches persons by exact key through the
 *   btree on `person_name.key`. A trigram search over `person_name` itself had to recheck every row of a common
 *   name (≈ 400 ms for "tashi tserinng" at 1M persons); over the dictionary it is ≈ 1 ms. So the trigram index
 *   on `person_name` goes, and loading gets cheaper. Loaders add new keys here (src/people/bulk-load.ts).
 * - `person (birth_date)`: name + birth date is the common narrow query; the planner starts from the birth date.
 * - `audit_log (actor, at)`: the per-user rate limit counts the caller's recent entries (rate-limited ones do not
 *   count, so they are not in the index: the count is an index-only scan).
 * - The outbox for the holder notifications (libs/events).
 * - Grants to `records_writer`, the role every runtime connection of the service runs as: SELECT on the record
 *   tables (the service never writes records), INSERT/SELECT on the audit log (migration 1764100000000), and
 *   the outbox's INSERT/SELECT/UPDATE/DELETE for the relay. No UPDATE or DELETE on anything audited.
 */
export class RecordsServiceAccess1764100000002 implements MigrationInterface {
  name = 'RecordsServiceAccess1764100000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "records"."name_key" ("key" text PRIMARY KEY CHECK ("key" <> ''))`);
    await q.query(
      `INSERT INTO "records"."name_key" ("key") SELECT DISTINCT "key" FROM "records"."person_name"`,
    );
    await q.query(
      `CREATE INDEX "name_key_trgm_idx" ON "records"."name_key" USING gin ("key" public.gin_trgm_ops)`,
    );
    await q.query(`DROP INDEX "records"."person_name_key_trgm_idx"`);
    await q.query(`CREATE INDEX "person_birth_date_idx" ON "records"."person" ("birth_date")`);
    await q.query(
      `CREATE INDEX "audit_log_actor_at_idx" ON "records"."audit_log" ("actor", "at") WHERE "outcome" <> 'rate-limited'`,
    );
    await outboxTablesUp(q, 'records');

    await q.query(`GRANT USAGE ON SCHEMA "records" TO "records_writer"`);
    await q.query(`GRANT SELECT ON "records"."person", "records"."person_name", "records"."name_key",
                     "records"."conviction" TO "records_writer"`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "records"."outbox", "records"."inbox"
                     TO "records_writer"`);
    await q.query(`GRANT USAGE ON SEQUENCE "records"."outbox_seq_seq" TO "records_writer"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE ALL ON "records"."person", "records"."person_name", "records"."name_key",
                     "records"."conviction", "records"."outbox", "records"."inbox" FROM "records_writer"`);
    await q.query(`REVOKE ALL ON SEQUENCE "records"."outbox_seq_seq" FROM "records_writer"`);
    await outboxTablesDown(q, 'records');
    await q.query(`DROP INDEX "records"."audit_log_actor_at_idx"`);
    await q.query(`DROP INDEX "records"."person_birth_date_idx"`);
    await q.query(
      `CREATE INDEX "person_name_key_trgm_idx" ON "records"."person_name" USING gin ("key" public.gin_trgm_ops)`,
    );
    await q.query(`DROP TABLE "records"."name_key"`);
  }
}
