import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Deadline } from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import { PeriodicJob, removeAbandonedUploads } from '@yiti/persistence';
import { TRANSFER_ATTACHMENT_TABLES } from '../attachments/attachments.service.js';
import { Transfer } from './transfer.entity.js';
import { TransferWriter, type Actor } from './transfer-writer.js';

export const SCHEDULE_SECONDS = 'TRANSFERS_SCHEDULE_SECONDS';

const SYSTEM: Actor = { org: 'system', username: 'deadline-clock' };
const BATCH = 200;
/** Uploads not completed within a day are abandoned: their chunks are removed. */
const ABANDONED_UPLOAD_HOURS = 24;

/** One kind of deadline: which transfers it is open for, and the column that records it was missed. */
const WATCHES = [
  {
    deadline: Deadline.ACKNOWLEDGE,
    due: 'acknowledgeDueAt',
    mark: 'acknowledgeOverdueAt',
    where: `t.state = 'sent' AND t.acknowledge_overdue_at IS NULL AND t.acknowledge_due_at < :now`,
  },
  {
    deadline: Deadline.DECIDE,
    due: 'decideDueAt',
    mark: 'decideOverdueAt',
    where: `t.state = 'received' AND t.decide_overdue_at IS NULL AND t.decide_due_at < :now`,
  },
  {
    deadline: Deadline.CONSULTATION,
    due: 'consultationDueAt',
    mark: 'consultationOverdueAt',
    where: `t.state IN ('objected', 'in-consultation') AND t.consultation_overdue_at IS NULL
            AND t.consultation_due_at < :now`,
  },
] as const;

/**
 * The deadline clock: marks transfers whose acknowledge, decide or consultation deadline passed, announces
 * each once (`overdue`), and escalates a dispute unresolved by its deadline to the common superior. Each pass
 * takes the due rows with `FOR UPDATE SKIP LOCKED` and marks them in the same transaction, so two instances
 * never announce the same deadline twice.
 */
@Injectable()
export class TransfersScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TransferWriter) private readonly writer: TransferWriter,
    @Inject(JsonLogger) logger: JsonLogger,
    @Inject(SCHEDULE_SECONDS) seconds: number,
  ) {
    this.job = new PeriodicJob('transfer deadline pass', seconds, () => this.runOnce(), logger);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** One pass at `now`; returns how many deadlines it marked missed. */
  async runOnce(now: Date = new Date()): Promise<number> {
    let marked = 0;
    for (const watch of WATCHES) {
      for (;;) {
        const n = await this.dataSource.transaction((m) => this.markBatch(m, watch, now));
        marked += n;
        if (n < BATCH) break;
      }
    }
    await removeAbandonedUploads(
      this.dataSource.manager,
      TRANSFER_ATTACHMENT_TABLES,
      new Date(now.getTime() - ABANDONED_UPLOAD_HOURS * 3600_000),
    );
    return marked;
  }

  private async markBatch(
    manager: EntityManager,
    watch: (typeof WATCHES)[number],
    now: Date,
  ): Promise<number> {
    const due = await manager
      .getRepository(Transfer)
      .createQueryBuilder('t')
      .where(watch.where, { now })
      .orderBy('t.id')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .limit(BATCH)
      .getMany();
    for (const transfer of due) {
      const dueAt = transfer[watch.due];
      await manager.getRepository(Transfer).update(transfer.id, { [watch.mark]: now });
      Object.assign(transfer, { [watch.mark]: now });
      await this.writer.step(manager, transfer, 'overdue', SYSTEM, {
        code: Deadline[watch.deadline],
        deadline: watch.deadline,
        dueAt,
      });
      if (watch.deadline === Deadline.CONSULTATION && transfer.commonSuperiorOrg) {
        await this.writer.move(
          manager,
          transfer,
          'escalate',
          SYSTEM,
          {},
          {
            note: 'The consultation did not decide by its deadline.',
            code: Deadline[watch.deadline],
          },
        );
      }
    }
    return due.length;
  }
}
