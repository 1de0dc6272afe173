import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTablesDown, outboxTablesUp } from '@yiti/events';
import { idempotencyTableDown, idempotencyTableUp } from '@yiti/persistence';

/** The schema and the tables every feature of the service shares: outbox, inbox, idempotency keys. */
export class CreateMeetingsSchema1764000000000 implements MigrationInterface {
  name = 'CreateMeetingsSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "meetings"`);
    await outboxTablesUp(q, 'meetings');
    await idempotencyTableUp(q, 'meetings');
  }

  async down(q: QueryRunner): Promise<void> {
    await idempotencyTableDown(q, 'meetings');
    await outboxTablesDown(q, 'meetings');
  }
}
