import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision matters: a record the procuratorate opens to the police (`supervision_matter`), and the
 * compulsory-measure review's clock `report-measure-handling`. Each clock now belongs to one type: the
 * first migration's two unnamed follow-up checks are found by what they say and replaced by named ones.
 */
export class SupervisionMatters1766200000000 implements MigrationInterface {
  name = 'SupervisionMatters1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "meetings"."police_consultation"
                     ADD COLUMN "supervision_matter" boolean NOT NULL DEFAULT false`);
    await dropUnnamedFollowUpChecks(q);
    await q.query(`ALTER TABLE "meetings"."police_consultation"
                     ADD CONSTRAINT "CHK_police_consultation_follow_up"
                       CHECK ("follow_up" IN ('none', 'explain-non-filing', 'file-after-notice',
                                              'report-measure-handling')),
                     ADD CONSTRAINT "CHK_police_consultation_follow_up_type"
                       CHECK (coalesce("follow_up", 'none') = 'none'
                              OR ("type" = 'filing-supervision'
                                  AND "follow_up" IN ('explain-non-filing', 'file-after-notice'))
                              OR ("type" = 'compulsory-measure-review'
                                  AND "follow_up" = 'report-measure-handling')),
                     ADD CONSTRAINT "CHK_police_consultation_supervision_type"
                       CHECK (NOT "supervision_matter"
                              OR "type" IN ('filing-supervision', 'compulsory-measure-review'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "meetings"."police_consultation"
                    WHERE "supervision_matter" OR "follow_up" = 'report-measure-handling'`);
    await q.query(`ALTER TABLE "meetings"."police_consultation"
                     DROP CONSTRAINT "CHK_police_consultation_supervision_type",
                     DROP CONSTRAINT "CHK_police_consultation_follow_up_type",
                     DROP CONSTRAINT "CHK_police_consultation_follow_up",
                     ADD CHECK ("follow_up" IN ('none', 'explain-non-filing', 'file-after-notice')),
                     ADD CHECK (coalesce("follow_up", 'none') = 'none' OR "type" = 'filing-supervision'),
                     DROP COLUMN "supervision_matter"`);
  }
}

/** The first migration's checks on follow_up (unnamed), as PostgreSQL writes them back. */
async function dropUnnamedFollowUpChecks(q: QueryRunner): Promise<void> {
  const found: { conname: string }[] = await q.query(`
    SELECT conname FROM pg_constraint
     WHERE conrelid = '"meetings"."police_consultation"'::regclass AND contype = 'c'
       AND (pg_get_constraintdef(oid) LIKE '%''file-after-notice''::text]%'
            OR pg_get_constraintdef(oid) LIKE '%COALESCE(follow_up, ''none''::text) = ''none''::text) OR%')`);
  if (found.length !== 2) throw new Error(`expected the 2 follow-up checks, found ${found.length}`);
  for (const { conname } of found)
    await q.query(`ALTER TABLE "meetings"."police_consultation" DROP CONSTRAINT "${conname}"`);
}
