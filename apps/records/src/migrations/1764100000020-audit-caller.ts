import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `records.audit_log.caller`: the verified token claims of whoever made the request (iss, sub, jti, azp,
 * username, org, iat, exp; src/audit/audit-caller.ts), hashed with the entry. NULL on entries written before it;
 * once one entry has a caller, the verifier requires it of every later one. The writer role's table-level INSERT
 * covers the new column.
 */
export class RecordsAuditCaller1764100000020 implements MigrationInterface {
  name = 'RecordsAuditCaller1764100000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "records"."audit_log" ADD COLUMN "caller" jsonb
                     CHECK ("caller" IS NULL OR jsonb_typeof("caller") = 'object')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "records"."audit_log" DROP COLUMN "caller"`);
  }
}
