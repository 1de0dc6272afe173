import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether an action item's due date or a police follow-up clock was counted over a year whose holiday
 * arrangement was not published yet (libs/calendar): such dates are recomputed at boot.
 */
export class AddDueProvisional1765000000000 implements MigrationInterface {
  name = 'AddDueProvisional1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "meetings"."action_item"
                     ADD COLUMN "due_date_provisional" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "meetings"."police_consultation"
                     ADD COLUMN "follow_up_due_provisional" boolean NOT NULL DEFAULT false`);
    // The boot-time recomputation reads only these rows.
    await q.query(`CREATE INDEX "IDX_action_item_due_provisional" ON "meetings"."action_item" ("id")
                     WHERE "due_date_provisional"`);
    await q.query(`CREATE INDEX "IDX_police_consultation_due_provisional" ON "meetings"."police_consultation"
                     ("id") WHERE "follow_up_due_provisional"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "meetings"."IDX_police_consultation_due_provisional"`);
    await q.query(`DROP INDEX "meetings"."IDX_action_item_due_provisional"`);
    await q.query(`ALTER TABLE "meetings"."police_consultation" DROP COLUMN "follow_up_due_provisional"`);
    await q.query(`ALTER TABLE "meetings"."action_item" DROP COLUMN "due_date_provisional"`);
  }
}
