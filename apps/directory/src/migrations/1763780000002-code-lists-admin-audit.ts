import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BUSINESS_LINES, CASE_CATEGORIES } from '@yiti/reference';

const KINDS_BEFORE = `'proc', 'police', 'isco', 'military', 'supervision', 'fire-rescue'`;

/**
 * The code lists (business lines, case categories, which line a category belongs to) loaded from
 * @yiti/reference; courts as an organization kind; Tibetan division names; and the audit of directory
 * administration (who, when, what, the row before and after), written in the transaction of each change.
 */
export class CodeListsAdminAudit1763780000002 implements MigrationInterface {
  name = 'CodeListsAdminAudit1763780000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "directory"."business_line" (
        "code" text PRIMARY KEY CHECK ("code" ~ '^[a-z][a-z0-9-]{1,40}$'),
        "name_zh" text NOT NULL,
        "name_en" text NOT NULL,
        "position" integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "directory"."case_category" (
        "code" text PRIMARY KEY CHECK ("code" ~ '^[a-z][a-z0-9-]{1,40}$'),
        "name_zh" text NOT NULL,
        "name_en" text NOT NULL,
        "position" integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "directory"."business_line_category" (
        "business_line_code" text NOT NULL REFERENCES "directory"."business_line" ("code") ON DELETE CASCADE,
        "category_code" text NOT NULL REFERENCES "directory"."case_category" ("code") ON DELETE CASCADE,
        PRIMARY KEY ("business_line_code", "category_code")
      )`);
    for (const [i, c] of CASE_CATEGORIES.entries()) {
      await q.query(
        `INSERT INTO "directory"."case_category" ("code", "name_zh", "name_en", "position") VALUES ($1, $2, $3, $4)
         ON CONFLICT ("code") DO NOTHING`,
        [c.code, c.nameZh, c.nameEn, i],
      );
    }
    for (const [i, l] of BUSINESS_LINES.entries()) {
      await q.query(
        `INSERT INTO "directory"."business_line" ("code", "name_zh", "name_en", "position") VALUES ($1, $2, $3, $4)
         ON CONFLICT ("code") DO NOTHING`,
        [l.code, l.nameZh, l.nameEn, i],
      );
      for (const category of l.categories) {
        await q.query(
          `INSERT INTO "directory"."business_line_category" ("business_line_code", "category_code") VALUES ($1, $2)
           ON CONFLICT DO NOTHING`,
          [l.code, category],
        );
      }
    }

    await q.query(`ALTER TABLE "directory"."division" ADD COLUMN "name_bo" text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE "directory"."organization" DROP CONSTRAINT "organization_kind_check"`);
    await q.query(
      `ALTER TABLE "directory"."organization" ADD CONSTRAINT "organization_kind_check"
         CHECK ("kind" IN (${KINDS_BEFORE}, 'court'))`,
    );

    await q.query(`
      CREATE TABLE "directory"."audit_entry" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor" text NOT NULL,
        "actor_org" text NOT NULL,
        "action" text NOT NULL,
        "target" text NOT NULL,
        "before" jsonb,
        "after" jsonb
      )`);
    await q.query(`CREATE INDEX "IDX_audit_entry_target" ON "directory"."audit_entry" ("target", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "directory"."audit_entry"`);
    await q.query(`DELETE FROM "directory"."organization" WHERE "kind" = 'court'`);
    await q.query(`ALTER TABLE "directory"."organization" DROP CONSTRAINT "organization_kind_check"`);
    await q.query(
      `ALTER TABLE "directory"."organization" ADD CONSTRAINT "organization_kind_check" CHECK ("kind" IN (${KINDS_BEFORE}))`,
    );
    await q.query(`ALTER TABLE "directory"."division" DROP COLUMN "name_bo"`);
    await q.query(`DROP TABLE "directory"."business_line_category"`);
    await q.query(`DROP TABLE "directory"."case_category"`);
    await q.query(`DROP TABLE "directory"."business_line"`);
  }
}
