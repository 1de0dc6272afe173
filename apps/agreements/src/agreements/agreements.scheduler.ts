import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@yiti/logging';
import { PeriodicJob } from '@yiti/persistence';
import { Agreement } from './agreement.entity.js';
import { AgreementEventsOutbox } from './agreement-events.js';
import { AgreementsRepository } from './agreements.repository.js';
import { announceDue } from './announcements.js';
import { todayInShanghai } from './lifecycle.js';

export const SCHEDULE_SECONDS = 'AGREEMENTS_SCHEDULE_SECONDS';

/**
 * Makes pacts enter into force and expire on their dates without anyone acting. Each tick takes the due
 * agreements with `FOR UPDATE SKIP LOCKED`, so two instances never announce the same change twice.
 */
@Injectable()
export class AgreementsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AgreementsRepository) private readonly repository: AgreementsRepository,
    @Inject(AgreementEventsOutbox) private readonly events: AgreementEventsOutbox,
    @Inject(JsonLogger) logger: JsonLogger,
    @Inject(SCHEDULE_SECONDS) seconds: number,
  ) {
    this.job = new PeriodicJob('agreement schedule', seconds, () => this.runOnce(), logger);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** One pass; returns how many agreements it looked at. */
  async runOnce(today: string = todayInShanghai()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const due: Agreement[] = await manager
        .getRepository(Agreement)
        .createQueryBuilder('a')
        .where(`a.state = 'active'`)
        // The version that decides the status is the newest fully signed one whose date has come (see
        // versionInForce): it is due if it is in force but not announced, or ended but not announced.
        .andWhere(
          `EXISTS (SELECT 1 FROM (SELECT * FROM agreements.agreement_version x
                                   WHERE x.agreement_code = a.code AND x.fully_signed_at IS NOT NULL
                                     AND x.effective_from <= :today
                                   ORDER BY x.number DESC LIMIT 1) v
                    WHERE (v.in_force_announced_at IS NULL AND (v.effective_to IS NULL OR v.effective_to >= :today))
                       OR (v.expired_announced_at IS NULL AND v.effective_to < :today))`,
          { today },
        )
        .orderBy('a.code')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .limit(100)
        .getMany();
      for (const loaded of await this.repository.withDetails(manager, due)) {
        await announceDue(manager, loaded, this.events, today);
      }
      return due.length;
    });
  }
}
