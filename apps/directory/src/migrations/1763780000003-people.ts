import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEMO_PEOPLE } from '@yiti/reference';

/**
 * The people directory: who signs in, by name and organization. Seeded with the demo users of
 * deploy/keycloak/realm-export.json (copied into @yiti/reference); idempotent like the reference seed — a person
 * already there is left as they are.
 */
export class People1763780000003 implements MigrationInterface {
  name = 'People1763780000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "directory"."person" (
        "username" text PRIMARY KEY CHECK ("username" ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
        "display_name" text NOT NULL CHECK (length("display_name") BETWEEN 1 AND 100),
        "organization_code" text NOT NULL REFERENCES "directory"."organization" ("code") ON DELETE RESTRICT,
        "roles" text[] NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "IDX_person_organization_code" ON "directory"."person" ("organization_code", "display_name")`,
    );
    for (const p of DEMO_PEOPLE) {
      await q.query(
        `INSERT INTO "directory"."person" ("username", "display_name", "organization_code", "roles")
         VALUES ($1, $2, $3, $4) ON CONFLICT ("username") DO NOTHING`,
        [p.username, p.displayName, p.organizationCode, p.roles],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "directory"."person"`);
  }
}
