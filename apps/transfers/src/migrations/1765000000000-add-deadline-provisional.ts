import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether each stored deadline was counted over a year whose holiday arrangement was not published yet
 * (libs/calendar): such deadlines are recomputed at boot against the calendar then in use.
 */
export class AddDeadlineProvisional1765000000000 implements MigrationInterface {
  name = 'AddDeadlineProvisional1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "transfers"."transfer"
                     ADD COLUMN "acknowledge_due_provisional" boolean NOT NULL DEFAULT false,
                     ADD COLUMN "decide_due_provisional" boolean NOT NULL DEFAULT false,
                     ADD COLUMN "consultation_due_provisional" boolean NOT NULL DEFAULT false`);
    // The boot-time recomputation reads only these rows.
    await q.query(`CREATE INDEX "IDX_transfer_provisional_due" ON "transfers"."transfer" ("id")
                     WHERE "acknowledge_due_provisional" OR "decide_due_provisional"
                        OR "consultation_due_provisional"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "transfers"."IDX_transfer_provisional_due"`);
    await q.query(`ALTER TABLE "transfers"."transfer"
                     DROP COLUMN "consultation_due_provisional",
                     DROP COLUMN "decide_due_provisional",
                     DROP COLUMN "acknowledge_due_provisional"`);
  }
}
