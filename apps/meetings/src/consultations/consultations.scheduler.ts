import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { JsonLogger } from '@yiti/logging';
import { PeriodicJob, removeAbandonedUploads } from '@yiti/persistence';
import { SCHEDULE_SECONDS } from '../tokens.js';
import { CONSULTATION_ATTACHMENT_TABLES } from './consultation-attachments.service.js';
import { PoliceConsultation } from './consultation.entity.js';
import { ConsultationWriter } from './consultation-writer.js';

const BATCH = 200;
/** An upload begun and not completed this long ago is removed. */
const ABANDONED_UPLOAD_HOURS = 24;

/**
 * The follow-up clock: marks answered consultations whose follow-up clock ended without a police response, and
 * announces each once (`followUpOverdue`). Each pass takes the due rows with `FOR UPDATE SKIP LOCKED` and marks
 * them in the same transaction, so two instances never announce the same clock twice; a response being
 * recorded holds the row, is skipped, and marks the clock itself if it is late.
 */
@Injectable()
export class ConsultationsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ConsultationWriter) private readonly writer: ConsultationWriter,
    @Inject(JsonLogger) logger: JsonLogger,
    @Inject(SCHEDULE_SECONDS) seconds: number,
  ) {
    this.job = new PeriodicJob('consultation follow-up pass', seconds, () => this.runOnce(), logger);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /**
   * One pass at `now`; returns how many follow-up clocks it marked missed. Attachment uploads abandoned for a
   * day are removed too.
   */
  async runOnce(now: Date = new Date()): Promise<number> {
    let marked = 0;
    for (;;) {
      const n = await this.dataSource.transaction((m) => this.markBatch(m, now));
      marked += n;
      if (n < BATCH) break;
    }
    await removeAbandonedUploads(
      this.dataSource.manager,
      CONSULTATION_ATTACHMENT_TABLES,
      new Date(now.getTime() - ABANDONED_UPLOAD_HOURS * 3600_000),
    );
    return marked;
  }

  private async markBatch(manager: EntityManager, now: Date): Promise<number> {
    const due = await manager
      .getRepository(PoliceConsultation)
      .createQueryBuilder('c')
      .where(`c.state = 'answered' AND c.follow_up_overdue_at IS NULL AND c.follow_up_due_at < :now`, { now })
      .orderBy('c.follow_up_due_at')
      .addOrderBy('c.id')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .limit(BATCH)
      .getMany();
    for (const consultation of due) await this.writer.markOverdue(manager, consultation, now);
    return due.length;
  }
}
