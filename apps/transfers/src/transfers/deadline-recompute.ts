import { create, toBinary } from '@bufbuild/protobuf';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { TransferDeadlineEvents, TransferDeadlineMovedSchema } from '@yiti/contracts';
import { appendEvents } from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { TRANSFERS_SCHEMA } from '../transfers.config.js';
import { DEADLINE_COLUMNS, Deadlines } from './deadlines.js';
import { EVENT_SUBJECT_PREFIX } from './transfer-events.js';
import { Transfer } from './transfer.entity.js';

const BATCH = 200;

/** What one pass changed. */
export interface RecomputeResult {
  /** Provisional deadlines counted again. */
  checked: number;
  /** Those whose end moved (one `deadline-moved` event each). */
  moved: number;
  /** Those no longer provisional. */
  settled: number;
}

/**
 * Provisional deadlines (counted over a year whose holidays were not published) are counted again at boot
 * with the calendar in use — a newer chinese-days, NATIONAL_HOLIDAYS_FILE or REGIONAL_HOLIDAYS_FILE: each one
 * that moves is updated and announced once (`yiti.evt.transfers.transfer.deadline-moved.v1`, through the
 * outbox in the same transaction), and loses `provisional` once its years are published. Rows are taken
 * `FOR UPDATE SKIP LOCKED`, so instances starting together never announce one move twice. Overdue marks are
 * left as they are.
 */
@Injectable()
export class DeadlineRecompute implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Deadlines) private readonly deadlines: Deadlines,
    @Inject(EVENT_SUBJECT_PREFIX) private readonly prefix: string,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const result = await this.runOnce();
    if (result.checked > 0) this.logger.event('info', 'provisional deadlines recomputed', { ...result });
  }

  async runOnce(): Promise<RecomputeResult> {
    const total: RecomputeResult = { checked: 0, moved: 0, settled: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.dataSource.transaction((m) => this.recomputeBatch(m, after));
      total.checked += batch.checked;
      total.moved += batch.moved;
      total.settled += batch.settled;
      if (batch.rows < BATCH) return total;
      after = batch.last;
    }
  }

  private async recomputeBatch(
    manager: EntityManager,
    after: string,
  ): Promise<RecomputeResult & { rows: number; last: string }> {
    const rows = await manager
      .getRepository(Transfer)
      .createQueryBuilder('t')
      .where(
        `(t.acknowledge_due_provisional OR t.decide_due_provisional OR t.consultation_due_provisional)
         AND t.id > :after`,
        { after },
      )
      .orderBy('t.id')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .limit(BATCH)
      .getMany();
    const result = { checked: 0, moved: 0, settled: 0, rows: rows.length, last: rows.at(-1)?.id ?? after };
    const now = new Date().toISOString();
    for (const transfer of rows) {
      const changes: Partial<Transfer> = {};
      const events = [];
      for (const columns of DEADLINE_COLUMNS) {
        const previous = transfer[columns.due];
        if (!transfer[columns.provisional] || !previous) continue;
        result.checked++;
        const due = this.deadlines.recount(transfer, columns.deadline);
        if (!due) continue;
        if (!due.provisional) {
          changes[columns.provisional] = false;
          result.settled++;
        }
        if (due.at.getTime() === previous.getTime()) continue;
        changes[columns.due] = due.at;
        result.moved++;
        const payload = create(TransferDeadlineMovedSchema, {
          transferId: transfer.id,
          senderOrg: transfer.senderOrg,
          receiverOrg: transfer.receiverOrg,
          visibleTo: transfer.visibleTo,
          deadline: columns.deadline,
          previousDueAt: previous.toISOString(),
          dueAt: due.at.toISOString(),
          localDate: due.localDate,
          provisional: due.provisional,
          occurredAt: now,
        });
        events.push({
          subject: this.prefix + TransferDeadlineEvents.deadlineMoved.subject,
          payload: toBinary(TransferDeadlineMovedSchema, payload),
        });
      }
      if (Object.keys(changes).length > 0) await manager.getRepository(Transfer).update(transfer.id, changes);
      if (events.length > 0) await appendEvents(manager, TRANSFERS_SCHEMA, events);
    }
    return result;
  }
}
