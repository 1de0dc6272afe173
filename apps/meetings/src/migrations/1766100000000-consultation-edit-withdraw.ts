import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Police consultations may be edited or withdrawn by the police before the opinion: who last edited it and
 * when, who withdrew it and when, and the state `withdrawn` (final, without an opinion).
 */
export class ConsultationEditWithdraw1766100000000 implements MigrationInterface {
  name = 'ConsultationEditWithdraw1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "meetings"."police_consultation"
                     ADD COLUMN "edited_by" text,
                     ADD COLUMN "edited_at" timestamptz,
                     ADD COLUMN "withdrawn_by" text,
                     ADD COLUMN "withdrawn_at" timestamptz`);
    // The first migration's checks on the state were unnamed: found by what they say, replaced by named ones.
    await q.query(`
      DO $$
      DECLARE c record;
      BEGIN
        FOR c IN SELECT conname FROM pg_constraint
                  WHERE conrelid = '"meetings"."police_consultation"'::regclass AND contype = 'c'
                    AND (pg_get_constraintdef(oid) LIKE '%''closed''::text]%'
                         OR pg_get_constraintdef(oid) LIKE '%state = ''open''::text) OR ((opinion IS NOT NULL)%')
        LOOP
          EXECUTE format('ALTER TABLE "meetings"."police_consultation" DROP CONSTRAINT %I', c.conname);
        END LOOP;
      END $$`);
    await q.query(`ALTER TABLE "meetings"."police_consultation"
                     ADD CONSTRAINT "CHK_police_consultation_state"
                       CHECK ("state" IN ('open', 'answered', 'closed', 'withdrawn')),
                     ADD CONSTRAINT "CHK_police_consultation_opinion"
                       CHECK ("state" IN ('open', 'withdrawn')
                              OR ("opinion" IS NOT NULL AND "opinion_at" IS NOT NULL AND "follow_up" IS NOT NULL)),
                     ADD CONSTRAINT "CHK_police_consultation_withdrawn"
                       CHECK (("state" = 'withdrawn') = ("withdrawn_at" IS NOT NULL)
                              AND ("state" <> 'withdrawn' OR "opinion" IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "meetings"."police_consultation" WHERE "state" = 'withdrawn'`);
    await q.query(`ALTER TABLE "meetings"."police_consultation"
                     DROP CONSTRAINT "CHK_police_consultation_withdrawn",
                     DROP CONSTRAINT "CHK_police_consultation_opinion",
                     DROP CONSTRAINT "CHK_police_consultation_state",
                     ADD CHECK ("state" IN ('open', 'answered', 'closed')),
                     ADD CHECK ("state" = 'open'
                                OR ("opinion" IS NOT NULL AND "opinion_at" IS NOT NULL AND "follow_up" IS NOT NULL)),
                     DROP COLUMN "withdrawn_at",
                     DROP COLUMN "withdrawn_by",
                     DROP COLUMN "edited_at",
                     DROP COLUMN "edited_by"`);
  }
}
