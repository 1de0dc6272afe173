import type { MigrationInterface, QueryRunner } from 'typeorm';
import { referenceRows } from '../seed/reference-data.js';

/**
 * Loads the verified Shannan reference data (@yiti/reference, copied from shared/reference):
 * divisions with legacy codes, basins, and the organizations that exist in every division. Idempotent: rows
 * that already exist are left as they are (an admin may have edited them).
 */
export class SeedShannanReference1763780000001 implements MigrationInterface {
  name = 'SeedShannanReference1763780000001';

  async up(q: QueryRunner): Promise<void> {
    const rows = referenceRows();
    for (const d of rows.divisions) {
      await q.query(
        `INSERT INTO "directory"."division" ("code", "name_zh", "name_en", "pinyin", "type", "parent_code", "on_yarlung_tsangpo")
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("code") DO NOTHING`,
        [d.code, d.nameZh, d.nameEn, d.pinyin, d.type, d.parentCode, d.onYarlungTsangpo],
      );
    }
    for (const l of rows.legacyCodes) {
      await q.query(
        `INSERT INTO "directory"."legacy_division_code" ("legacy_code", "division_code") VALUES ($1, $2)
         ON CONFLICT ("legacy_code") DO NOTHING`,
        [l.legacyCode, l.divisionCode],
      );
    }
    for (const o of rows.organizations) {
      await q.query(
        `INSERT INTO "directory"."organization" ("code", "kind", "division_code", "name_zh", "name_en")
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("code") DO NOTHING`,
        [o.code, o.kind, o.divisionCode, o.nameZh, o.nameEn],
      );
    }
    for (const b of rows.basins) {
      await q.query(
        `INSERT INTO "directory"."basin" ("code", "name_zh", "name_en") VALUES ($1, $2, $3) ON CONFLICT ("code") DO NOTHING`,
        [b.code, b.nameZh, b.nameEn],
      );
      for (const m of b.memberDivisions) {
        await q.query(
          `INSERT INTO "directory"."basin_member" ("basin_code", "division_code") VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [b.code, m],
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const rows = referenceRows();
    await q.query(`DELETE FROM "directory"."basin" WHERE "code" = ANY($1)`, [rows.basins.map((b) => b.code)]);
    await q.query(`DELETE FROM "directory"."organization" WHERE "code" = ANY($1)`, [
      rows.organizations.map((o) => o.code),
    ]);
    // Children before parents (the parent_code foreign key restricts).
    for (const type of ['district', 'county', 'county_level_city', 'city', 'region']) {
      await q.query(`DELETE FROM "directory"."division" WHERE "type" = $1 AND "code" = ANY($2)`, [
        type,
        rows.divisions.map((d) => d.code),
      ]);
    }
  }
}
