import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDirectorySchema1763780000000 implements MigrationInterface {
  name = 'CreateDirectorySchema1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "directory"`);
    await q.query(`
      CREATE TABLE "directory"."division" (
        "code" char(6) PRIMARY KEY CHECK ("code" ~ '^[0-9]{6}$'),
        "name_zh" text NOT NULL,
        "name_en" text NOT NULL,
        "pinyin" text NOT NULL,
        "type" text NOT NULL CHECK ("type" IN ('region', 'city', 'district', 'county', 'county_level_city')),
        "parent_code" char(6) REFERENCES "directory"."division" ("code") ON DELETE RESTRICT,
        "on_yarlung_tsangpo" boolean,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_division_parent_code" ON "directory"."division" ("parent_code")`);
    await q.query(`
      CREATE TABLE "directory"."legacy_division_code" (
        "legacy_code" char(6) PRIMARY KEY CHECK ("legacy_code" ~ '^[0-9]{6}$'),
        "division_code" char(6) NOT NULL REFERENCES "directory"."division" ("code") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "directory"."organization" (
        "code" text PRIMARY KEY,
        "kind" text NOT NULL CHECK ("kind" IN ('proc', 'police', 'isco', 'military', 'supervision', 'fire-rescue')),
        "division_code" char(6) NOT NULL REFERENCES "directory"."division" ("code") ON DELETE RESTRICT,
        "name_zh" text NOT NULL CHECK (length("name_zh") BETWEEN 1 AND 200),
        "name_en" text NOT NULL CHECK (length("name_en") <= 200),
        "active" boolean NOT NULL DEFAULT true,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_organization_code" CHECK ("code" = "kind" || '-' || "division_code")
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "IDX_organization_kind_division" ON "directory"."organization" ("kind", "division_code")`,
    );
    await q.query(
      `CREATE INDEX "IDX_organization_division_code" ON "directory"."organization" ("division_code")`,
    );
    await q.query(`
      CREATE TABLE "directory"."basin" (
        "code" text PRIMARY KEY CHECK ("code" ~ '^[a-z][a-z0-9-]{1,62}$'),
        "name_zh" text NOT NULL,
        "name_en" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "directory"."basin_member" (
        "basin_code" text NOT NULL REFERENCES "directory"."basin" ("code") ON DELETE CASCADE,
        "division_code" char(6) NOT NULL REFERENCES "directory"."division" ("code") ON DELETE RESTRICT,
        PRIMARY KEY ("basin_code", "division_code")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "directory"."basin_member"`);
    await q.query(`DROP TABLE "directory"."basin"`);
    await q.query(`DROP TABLE "directory"."organization"`);
    await q.query(`DROP TABLE "directory"."legacy_division_code"`);
    await q.query(`DROP TABLE "directory"."division"`);
  }
}
