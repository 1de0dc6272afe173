import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'heads-consultation', 'prosecutors-joint', 'isco-consultation', 'pact-liaison'`;
const STATES = `'draft', 'scheduled', 'in-session', 'concluded', 'minutes-approved', 'cancelled'`;

/** Meetings, their agenda items and action items, and the minutes' signatures. */
export class CreateMeetingsTables1764000000001 implements MigrationInterface {
  name = 'CreateMeetingsTables1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "meetings"."meeting" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "kind" text NOT NULL CHECK ("kind" IN (${KINDS})),
        "state" text NOT NULL CHECK ("state" IN (${STATES})),
        "host_org" text NOT NULL,
        "title" text NOT NULL CHECK (length("title") BETWEEN 1 AND 200),
        "starts_at" timestamptz,
        "ends_at" timestamptz,
        "location" text NOT NULL DEFAULT '',
        "invitees" jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof("invitees") = 'array'),
        "attendees" jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof("attendees") = 'array'),
        "visible_to" text[] NOT NULL,
        "minutes" text NOT NULL DEFAULT '',
        "version" integer NOT NULL DEFAULT 1 CHECK ("version" >= 1),
        "cancelled_reason" text,
        "transfer_id" uuid,
        "transfer_parties" text[],
        "demo" boolean NOT NULL DEFAULT false,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "listed_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "concluded_at" timestamptz,
        "approved_at" timestamptz,
        -- Only a draft has no time; a time always ends after it starts.
        CHECK ("state" = 'draft' OR ("starts_at" IS NOT NULL AND "ends_at" IS NOT NULL)),
        CHECK ("ends_at" > "starts_at"),
        CHECK ("state" <> 'cancelled' OR "cancelled_reason" IS NOT NULL)
      )`);
    // One automatic heads' consultation per disputed transfer: a redelivered objection makes no second one.
    await q.query(`CREATE UNIQUE INDEX "UQ_meeting_transfer" ON "meetings"."meeting" ("transfer_id")
                     WHERE "transfer_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "IDX_meeting_visible_to" ON "meetings"."meeting" USING gin ("visible_to")`);
    await q.query(`CREATE INDEX "IDX_meeting_listed" ON "meetings"."meeting" ("listed_at" DESC, "id" DESC)`);
    await q.query(`CREATE INDEX "IDX_meeting_host" ON "meetings"."meeting" ("host_org", "kind", "state")`);
    await q.query(`
      CREATE TABLE "meetings"."agenda_item" (
        "meeting_id" uuid NOT NULL REFERENCES "meetings"."meeting" ("id") ON DELETE CASCADE,
        "number" integer NOT NULL CHECK ("number" >= 1),
        "title" text NOT NULL,
        "transfer_id" uuid,
        "case_number" text,
        "consultation_id" uuid,
        "decision" text NOT NULL DEFAULT '',
        "majority" jsonb,
        "minorities" jsonb NOT NULL DEFAULT '[]',
        "refer_to_committee" boolean NOT NULL DEFAULT false,
        "transfer_outcome" text CHECK ("transfer_outcome" IN ('receiver-accepts', 'sender-retains', 'no-agreement')),
        PRIMARY KEY ("meeting_id", "number"),
        CHECK (num_nonnulls("transfer_id", "case_number", "consultation_id") <= 1),
        CHECK ("transfer_outcome" IS NULL OR "transfer_id" IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX "IDX_agenda_item_transfer" ON "meetings"."agenda_item" ("transfer_id")
                     WHERE "transfer_id" IS NOT NULL`);
    await q.query(`
      CREATE TABLE "meetings"."action_item" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "meeting_id" uuid NOT NULL,
        "item_number" integer NOT NULL,
        "position" integer NOT NULL CHECK ("position" >= 0),
        "owner_org" text NOT NULL,
        "description" text NOT NULL,
        "due_within_days" integer NOT NULL CHECK ("due_within_days" >= 1),
        "due_date" date,
        "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'done')),
        "status_by" text,
        "status_at" timestamptz,
        FOREIGN KEY ("meeting_id", "item_number")
          REFERENCES "meetings"."agenda_item" ("meeting_id", "number") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_action_item_item" ON "meetings"."action_item"
                     ("meeting_id", "item_number", "position")`);
    // An organization's tasks, earliest due first.
    await q.query(`CREATE INDEX "IDX_action_item_owner" ON "meetings"."action_item" ("owner_org", "due_date")
                     WHERE "due_date" IS NOT NULL`);
    await q.query(`
      CREATE TABLE "meetings"."minutes_signature" (
        "id" bigserial PRIMARY KEY,
        "meeting_id" uuid NOT NULL REFERENCES "meetings"."meeting" ("id") ON DELETE CASCADE,
        "username" text NOT NULL,
        "org" text NOT NULL,
        "signed_at" timestamptz NOT NULL DEFAULT now(),
        "digest" char(64) NOT NULL CHECK ("digest" ~ '^[0-9a-f]{64}$'),
        -- Signing the same minutes twice is refused; after a change the new text can be signed again.
        UNIQUE ("meeting_id", "username", "org", "digest")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "meetings"."minutes_signature"`);
    await q.query(`DROP TABLE "meetings"."action_item"`);
    await q.query(`DROP TABLE "meetings"."agenda_item"`);
    await q.query(`DROP TABLE "meetings"."meeting"`);
  }
}
