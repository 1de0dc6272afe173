import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTablesDown, outboxTablesUp } from '@yiti/events';

export class CreateAgreementsSchema1763790000000 implements MigrationInterface {
  name = 'CreateAgreementsSchema1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "agreements"`);
    await q.query(`
      CREATE TABLE "agreements"."agreement" (
        "code" text PRIMARY KEY CHECK ("code" ~ '^[a-z0-9][a-z0-9-]{2,62}$'),
        "kind" text NOT NULL CHECK ("kind" IN ('river-basin-pact', 'cooperation-mechanism', 'inter-agency')),
        "state" text NOT NULL CHECK ("state" IN ('draft', 'active', 'terminated')),
        "party_codes" text[] NOT NULL CHECK (cardinality("party_codes") >= 2),
        "visible_to" text[] NOT NULL,
        "public" boolean NOT NULL DEFAULT false,
        "demo" boolean NOT NULL DEFAULT false,
        "terminated_reason" text,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "IDX_agreement_party_codes" ON "agreements"."agreement" USING gin ("party_codes")`,
    );
    await q.query(
      `CREATE INDEX "IDX_agreement_visible_to" ON "agreements"."agreement" USING gin ("visible_to")`,
    );
    await q.query(`
      CREATE TABLE "agreements"."agreement_version" (
        "agreement_code" text NOT NULL REFERENCES "agreements"."agreement" ("code") ON DELETE CASCADE,
        "number" integer NOT NULL CHECK ("number" >= 1),
        "content" jsonb NOT NULL,
        "effective_from" date NOT NULL,
        "effective_to" date CHECK ("effective_to" IS NULL OR "effective_to" >= "effective_from"),
        "business_lines" text[] NOT NULL,
        "case_categories" text[] NOT NULL,
        "division_codes" text[] NOT NULL,
        "fully_signed_at" timestamptz,
        "in_force_announced_at" timestamptz,
        "expired_announced_at" timestamptz,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("agreement_code", "number")
      )`);
    await q.query(`
      CREATE TABLE "agreements"."signature" (
        "agreement_code" text NOT NULL,
        "version" integer NOT NULL,
        "org_code" text NOT NULL,
        "signer" text NOT NULL,
        "signed_at" timestamptz NOT NULL,
        "digest" char(64) NOT NULL CHECK ("digest" ~ '^[0-9a-f]{64}$'),
        PRIMARY KEY ("agreement_code", "version", "org_code"),
        FOREIGN KEY ("agreement_code", "version")
          REFERENCES "agreements"."agreement_version" ("agreement_code", "number") ON DELETE CASCADE
      )`);
    await outboxTablesUp(q, 'agreements');
  }

  async down(q: QueryRunner): Promise<void> {
    await outboxTablesDown(q, 'agreements');
    await q.query(`DROP TABLE "agreements"."signature"`);
    await q.query(`DROP TABLE "agreements"."agreement_version"`);
    await q.query(`DROP TABLE "agreements"."agreement"`);
  }
}
