import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTablesDown, outboxTablesUp } from '@yiti/events';
import { idempotencyTableDown, idempotencyTableUp } from '@yiti/persistence';

const STATES = `'draft', 'sent', 'received', 'accepted', 'returned', 'objected', 'in-consultation', 'resolved', 'escalated', 'designated'`;

export class CreateTransfersSchema1763900000000 implements MigrationInterface {
  name = 'CreateTransfersSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "transfers"`);
    await q.query(`
      CREATE TABLE "transfers"."transfer" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "sender_org" text NOT NULL,
        "receiver_org" text NOT NULL CHECK ("receiver_org" <> "sender_org"),
        "kind" text NOT NULL CHECK ("kind" IN ('case', 'lead')),
        "business_line" text NOT NULL,
        "category" text NOT NULL,
        "division_code" char(6) NOT NULL,
        "summary" text NOT NULL,
        "sender_case_number" text,
        "cited_pact_code" text,
        "pact_code" text,
        "pact_version" integer,
        "pact_title" text,
        "acknowledge_days" integer CHECK ("acknowledge_days" >= 1),
        "decide_days" integer CHECK ("decide_days" >= 1),
        "state" text NOT NULL CHECK ("state" IN (${STATES})),
        "receiver_decision" text CHECK ("receiver_decision" IN ('accepted', 'returned', 'objected')),
        "resolution" text CHECK ("resolution" IN ('accepted-by-receiver', 'retained-by-sender')),
        "handling_org" text,
        "common_superior_org" text,
        "visible_to" text[] NOT NULL,
        "return_reason" text,
        "objection_grounds" text,
        "decision_text" text,
        "consultation_meeting_id" text,
        "demo" boolean NOT NULL DEFAULT false,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "listed_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        "sent_at" timestamptz,
        "received_at" timestamptz,
        "decided_at" timestamptz,
        "escalated_at" timestamptz,
        "closed_at" timestamptz,
        "acknowledge_due_at" timestamptz,
        "decide_due_at" timestamptz,
        "consultation_due_at" timestamptz,
        "acknowledge_overdue_at" timestamptz,
        "decide_overdue_at" timestamptz,
        "consultation_overdue_at" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        -- A sent transfer has its legal basis' limits (a draft gets them when it is sent).
        CHECK ("state" = 'draft' OR ("acknowledge_days" IS NOT NULL AND "decide_days" IS NOT NULL))
      )`);
    // Inbox and outbox pages (keyset on listed_at, id); the supervised view and scorecards use visible_to.
    await q.query(`CREATE INDEX "IDX_transfer_inbox" ON "transfers"."transfer"
                     ("receiver_org", "listed_at" DESC, "id" DESC) WHERE "state" <> 'draft'`);
    await q.query(`CREATE INDEX "IDX_transfer_outbox" ON "transfers"."transfer"
                     ("sender_org", "listed_at" DESC, "id" DESC)`);
    await q.query(
      `CREATE INDEX "IDX_transfer_visible_to" ON "transfers"."transfer" USING gin ("visible_to")`,
    );
    // The scheduler's three scans: only open deadlines not yet marked overdue.
    await q.query(`CREATE INDEX "IDX_transfer_acknowledge_due" ON "transfers"."transfer" ("acknowledge_due_at")
                     WHERE "state" = 'sent' AND "acknowledge_overdue_at" IS NULL`);
    await q.query(`CREATE INDEX "IDX_transfer_decide_due" ON "transfers"."transfer" ("decide_due_at")
                     WHERE "state" = 'received' AND "decide_overdue_at" IS NULL`);
    await q.query(`CREATE INDEX "IDX_transfer_consultation_due" ON "transfers"."transfer" ("consultation_due_at")
                     WHERE "state" IN ('objected', 'in-consultation') AND "consultation_overdue_at" IS NULL`);
    await q.query(`
      CREATE TABLE "transfers"."transfer_step" (
        "id" bigserial PRIMARY KEY,
        "transfer_id" uuid NOT NULL REFERENCES "transfers"."transfer" ("id") ON DELETE CASCADE,
        "at" timestamptz NOT NULL DEFAULT clock_timestamp(),
        "action" text NOT NULL,
        "actor" text NOT NULL,
        "actor_org" text NOT NULL,
        "from_state" text,
        "to_state" text,
        "note" text,
        "code" text
      )`);
    await q.query(
      `CREATE INDEX "IDX_transfer_step_transfer" ON "transfers"."transfer_step" ("transfer_id", "id")`,
    );
    await q.query(`
      CREATE TABLE "transfers"."attachment" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "transfer_id" uuid NOT NULL REFERENCES "transfers"."transfer" ("id") ON DELETE CASCADE,
        "filename" text NOT NULL,
        "media_type" text NOT NULL,
        "size" bigint NOT NULL CHECK ("size" BETWEEN 0 AND 20971520),
        "sha256" char(64) NOT NULL CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
        "chunk_count" integer NOT NULL,
        "state" text NOT NULL CHECK ("state" IN ('uploading', 'complete')),
        "uploaded_by" text NOT NULL,
        "uploaded_by_subject" text NOT NULL,
        "uploaded_by_org" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "completed_at" timestamptz
      )`);
    await q.query(`CREATE INDEX "IDX_attachment_transfer" ON "transfers"."attachment" ("transfer_id")`);
    await q.query(`
      CREATE TABLE "transfers"."attachment_chunk" (
        "attachment_id" uuid NOT NULL REFERENCES "transfers"."attachment" ("id") ON DELETE CASCADE,
        "index" integer NOT NULL CHECK ("index" >= 0),
        "data" bytea NOT NULL,
        PRIMARY KEY ("attachment_id", "index")
      )`);
    await outboxTablesUp(q, 'transfers');
    await idempotencyTableUp(q, 'transfers');
  }

  async down(q: QueryRunner): Promise<void> {
    await idempotencyTableDown(q, 'transfers');
    await outboxTablesDown(q, 'transfers');
    await q.query(`DROP TABLE "transfers"."attachment_chunk"`);
    await q.query(`DROP TABLE "transfers"."attachment"`);
    await q.query(`DROP TABLE "transfers"."transfer_step"`);
    await q.query(`DROP TABLE "transfers"."transfer"`);
  }
}
