import type { MigrationInterface, QueryRunner } from 'typeorm';
import { idempotencyTableDown, idempotencyTableUp } from '@yiti/persistence';

export class AddIdempotencyKeys1763790000001 implements MigrationInterface {
  name = 'AddIdempotencyKeys1763790000001';

  async up(q: QueryRunner): Promise<void> {
    await idempotencyTableUp(q, 'agreements');
  }

  async down(q: QueryRunner): Promise<void> {
    await idempotencyTableDown(q, 'agreements');
  }
}
