import type { MigrationInterface, QueryRunner } from 'typeorm';

const TYPES = `'early-involvement', 'major-case-opinion', 'filing-supervision', 'compulsory-measure-review', 'evidence-guidance'`;

/** Police consultations at the ISCOs (apps/meetings/src/consultations). */
export class CreateConsultationsTables1764000000002 implements MigrationInterface {
  name = 'CreateConsultationsTables1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "meetings"."police_consultation" (
        "id" uuid PRIMARY KEY,
        "isco_org" text NOT NULL CHECK ("isco_org" ~ '^isco-[0-9]{6}$'),
        "police_org" text NOT NULL CHECK ("police_org" = 'police-' || substr("isco_org", 6)),
        "procuratorate_org" text NOT NULL CHECK ("procuratorate_org" = 'proc-' || substr("isco_org", 6)),
        "police_case_number" text NOT NULL,
        "category" text NOT NULL,
        "type" text NOT NULL CHECK ("type" IN (${TYPES})),
        "question" text NOT NULL,
        "materials" text[] NOT NULL DEFAULT '{}',
        "state" text NOT NULL CHECK ("state" IN ('open', 'answered', 'closed')),
        "visible_to" text[] NOT NULL,
        "logged_by" text NOT NULL,
        "logged_at" timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        "opinion" text,
        "opinion_by" text,
        "opinion_at" timestamptz,
        "follow_up" text CHECK ("follow_up" IN ('none', 'explain-non-filing', 'file-after-notice')),
        "follow_up_due_at" timestamptz,
        "follow_up_overdue_at" timestamptz,
        "police_response" text,
        "response_by" text,
        "response_at" timestamptz,
        "demo" boolean NOT NULL DEFAULT false,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        -- Answered and closed consultations have the opinion; closed ones the police response.
        CHECK ("state" = 'open' OR ("opinion" IS NOT NULL AND "opinion_at" IS NOT NULL AND "follow_up" IS NOT NULL)),
        CHECK ("state" <> 'closed' OR ("police_response" IS NOT NULL AND "response_at" IS NOT NULL)),
        -- A follow-up clock runs exactly when the opinion sets one, and only filing supervision sets one.
        CHECK (("follow_up_due_at" IS NOT NULL) = coalesce("follow_up" <> 'none', false)),
        CHECK (coalesce("follow_up", 'none') = 'none' OR "type" = 'filing-supervision'),
        CHECK ("follow_up_overdue_at" IS NULL OR "follow_up_due_at" IS NOT NULL)
      )`);
    // Lists: the caller's visible consultations (GIN), newest first (keyset on logged_at, id).
    await q.query(`CREATE INDEX "IDX_police_consultation_visible_to" ON "meetings"."police_consultation"
                     USING gin ("visible_to")`);
    await q.query(`CREATE INDEX "IDX_police_consultation_listed" ON "meetings"."police_consultation"
                     ("logged_at" DESC, "id" DESC)`);
    // One office's statistics and period (the statistics of every visible office use the two above).
    await q.query(`CREATE INDEX "IDX_police_consultation_office" ON "meetings"."police_consultation"
                     ("isco_org", "logged_at")`);
    // The follow-up clock's scan: only running clocks not yet found missed.
    await q.query(`CREATE INDEX "IDX_police_consultation_follow_up_due" ON "meetings"."police_consultation"
                     ("follow_up_due_at") WHERE "state" = 'answered' AND "follow_up_overdue_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "meetings"."police_consultation"`);
  }
}
