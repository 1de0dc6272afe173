import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only, hash-chained audit log of offender-record lookups.
 *
 * - `records.audit_log`: one row per lookup, detail view or denial. `seq` is gap-free (assigned as head.seq + 1
 *   under an advisory lock, not from a sequence, because a rolled-back sequence value would leave a gap that
 *   looks exactly like a deleted row). `hash` = SHA-256 (or HMAC-SHA-256) of `prev_hash` + the canonical entry.
 * - `records.audit_head`: a single row holding the latest seq, id, hash and time. It is moved forward only by
 *   the SECURITY DEFINER insert trigger on audit_log, so deleting the last rows of the log is detectable.
 * - Triggers refuse UPDATE, DELETE and TRUNCATE on both tables — even for the owner (only a superuser or the
 *   owner disabling triggers gets past them, and the chain is there to catch that).
 * - Role `records_writer` (NOLOGIN): USAGE on the schema, INSERT + SELECT on audit_log, SELECT on audit_head,
 *   nothing else. The service's runtime login role (created by ops, e.g.
 *   `CREATE ROLE records_app LOGIN PASSWORD … IN ROLE records_writer`) must NOT own these tables and must not
 *   be a superuser; migrations run as the owner (a separate migrator login). A login role that owns the tables
 *   could run `SET ROLE` back to itself or disable the triggers, so `SET ROLE records_writer` after connecting
 *   is only defence in depth, not the boundary.
 *
 * Roles are cluster-wide: `records_writer` is created if missing (tolerating a concurrent creation) and `down`
 * drops it only when no database in the cluster still references it and it has no members.
 */
/** Must equal AUDIT_LOCK_SQL in src/audit/audit-chain.ts (a migration is frozen, so it does not import it). */
const AUDIT_LOCK_SQL = `hashtextextended('yiti:records.audit_log', 0)`;

const GENESIS = '0'.repeat(64);

export class CreateRecordsAudit1764100000000 implements MigrationInterface {
  name = 'CreateRecordsAudit1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "records"`);
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'records_writer') THEN
          CREATE ROLE "records_writer" NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- created concurrently by another database's migration
      END
      $$`);
    await q.query(`
      CREATE TABLE "records"."audit_log" (
        "seq" bigint PRIMARY KEY CHECK ("seq" >= 1),
        "id" uuid NOT NULL UNIQUE,
        "at" timestamptz(3) NOT NULL,
        "actor" text NOT NULL,
        "actor_org" text NOT NULL,
        "action" text NOT NULL CHECK ("action" IN ('lookup', 'detail', 'denied')),
        "purpose_code" text,
        "case_number" text,
        "justification" text,
        "query" jsonb NOT NULL,
        "result_ids" text[] NOT NULL,
        "outcome" text NOT NULL,
        "prev_hash" char(64) NOT NULL CHECK ("prev_hash" ~ '^[0-9a-f]{64}$'),
        "hash" char(64) NOT NULL CHECK ("hash" ~ '^[0-9a-f]{64}$')
      )`);
    await q.query(`
      CREATE TABLE "records"."audit_head" (
        "singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"),
        "seq" bigint NOT NULL CHECK ("seq" >= 0),
        "id" uuid,
        "hash" char(64) NOT NULL,
        "at" timestamptz(3)
      )`);
    await q.query(
      `INSERT INTO "records"."audit_head" ("seq", "id", "hash", "at") VALUES (0, NULL, $1, NULL)`,
      [GENESIS],
    );

    // Belt: nobody, not even the owner, changes or removes audit rows while the triggers are enabled.
    await q.query(`
      CREATE FUNCTION "records"."audit_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "records"."audit_log"
                     FOR EACH ROW EXECUTE FUNCTION "records"."audit_refuse_change"()`);
    await q.query(`CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "records"."audit_log"
                     FOR EACH STATEMENT EXECUTE FUNCTION "records"."audit_refuse_change"()`);
    await q.query(`CREATE TRIGGER "audit_head_no_delete" BEFORE DELETE ON "records"."audit_head"
                     FOR EACH ROW EXECUTE FUNCTION "records"."audit_refuse_change"()`);
    await q.query(`CREATE TRIGGER "audit_head_no_truncate" BEFORE TRUNCATE ON "records"."audit_head"
                     FOR EACH STATEMENT EXECUTE FUNCTION "records"."audit_refuse_change"()`);

    // The head only moves forward, one entry at a time.
    await q.query(`
      CREATE FUNCTION "records"."audit_head_forward_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."seq" <> OLD."seq" + 1 THEN
          RAISE EXCEPTION 'records.audit_head moves forward one entry at a time (% -> %)', OLD."seq", NEW."seq"
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END
      $$`);
    await q.query(`CREATE TRIGGER "audit_head_forward_only" BEFORE UPDATE ON "records"."audit_head"
                     FOR EACH ROW EXECUTE FUNCTION "records"."audit_head_forward_only"()`);

    // Every insert must extend the head: seq = head.seq + 1, prev_hash = head.hash, at >= head.at. Serialised by
    // a transaction-scoped advisory lock (the writer takes the same lock before reading the head). SECURITY
    // DEFINER so that the writer role needs no privilege on audit_head beyond SELECT.
    await q.query(`
      CREATE FUNCTION "records"."audit_log_extend_head"() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        head "records"."audit_head"%ROWTYPE;
      BEGIN
        PERFORM pg_advisory_xact_lock(${AUDIT_LOCK_SQL});
        SELECT * INTO STRICT head FROM "records"."audit_head" WHERE "singleton";
        IF NEW."seq" <> head."seq" + 1 THEN
          RAISE EXCEPTION 'audit entry seq % does not extend head seq %', NEW."seq", head."seq"
            USING ERRCODE = 'serialization_failure';
        END IF;
        IF NEW."prev_hash" <> head."hash" THEN
          RAISE EXCEPTION 'audit entry % does not link to the head hash', NEW."seq"
            USING ERRCODE = 'serialization_failure';
        END IF;
        IF head."at" IS NOT NULL AND NEW."at" < head."at" THEN
          RAISE EXCEPTION 'audit entry % is older than the head', NEW."seq" USING ERRCODE = 'check_violation';
        END IF;
        UPDATE "records"."audit_head"
           SET "seq" = NEW."seq", "id" = NEW."id", "hash" = NEW."hash", "at" = NEW."at"
         WHERE "singleton";
        RETURN NEW;
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION "records"."audit_log_extend_head"() FROM PUBLIC`);
    await q.query(`CREATE TRIGGER "audit_log_extend_head" BEFORE INSERT ON "records"."audit_log"
                     FOR EACH ROW EXECUTE FUNCTION "records"."audit_log_extend_head"()`);

    await q.query(`REVOKE ALL ON "records"."audit_log", "records"."audit_head" FROM PUBLIC`);
    await q.query(`GRANT USAGE ON SCHEMA "records" TO "records_writer"`);
    await q.query(`GRANT INSERT, SELECT ON "records"."audit_log" TO "records_writer"`);
    await q.query(`GRANT SELECT ON "records"."audit_head" TO "records_writer"`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "records"."audit_log", "records"."audit_head"
                     FROM "records_writer"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE ALL ON "records"."audit_log", "records"."audit_head" FROM "records_writer"`);
    await q.query(`REVOKE USAGE ON SCHEMA "records" FROM "records_writer"`);
    await q.query(`DROP TABLE "records"."audit_log"`);
    await q.query(`DROP TABLE "records"."audit_head"`);
    await q.query(`DROP FUNCTION "records"."audit_log_extend_head"()`);
    await q.query(`DROP FUNCTION "records"."audit_head_forward_only"()`);
    await q.query(`DROP FUNCTION "records"."audit_refuse_change"()`);
    // The schema stays: other records migrations own tables in it. The role goes only if nothing in the
    // cluster (any database) still depends on it and no login role is a member of it.
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'records_writer')
           AND NOT EXISTS (SELECT 1 FROM pg_shdepend
                            WHERE refclassid = 'pg_authid'::regclass
                              AND refobjid = 'records_writer'::regrole)
           AND NOT EXISTS (SELECT 1 FROM pg_auth_members WHERE roleid = 'records_writer'::regrole) THEN
          DROP ROLE "records_writer";
        END IF;
      END
      $$`);
  }
}
