import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@yiti/auth';
import { PoliceConsultation } from './consultation.entity.js';
import { ConsultationEventsOutbox, type ConsultationEventName } from './consultation-events.js';
import { ConsultationErrors } from './consultations.errors.js';
import { checkMove, type MoveName } from './lifecycle.js';

/** Whether an organization may see a consultation: its ISCO, police bureau, procuratorate and superiors. */
export const canSee = (consultation: PoliceConsultation, org: string) => consultation.visibleTo.includes(org);

/**
 * The one way a consultation changes: inside the caller's transaction, with the row locked, a move is checked
 * against the lifecycle (state, organization, role), applied and announced through the outbox — all committed
 * together or not at all. A missed follow-up clock is marked (and announced) here too, once.
 */
@Injectable()
export class ConsultationWriter {
  constructor(@Inject(ConsultationEventsOutbox) private readonly events: ConsultationEventsOutbox) {}

  /** Locks the consultation for the rest of the transaction; NOT_FOUND unless `org` may see it. */
  async lock(manager: EntityManager, id: string, org: string): Promise<PoliceConsultation> {
    const consultation = await manager
      .getRepository(PoliceConsultation)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!consultation || !canSee(consultation, org)) throw ConsultationErrors.notFound(id);
    return consultation;
  }

  /** A new consultation and its event: `logged` (open), or `supervisionMatterOpened` (a supervision matter). */
  async insert(
    manager: EntityManager,
    consultation: PoliceConsultation,
    principal: Principal,
    event: ConsultationEventName,
  ): Promise<void> {
    await manager.getRepository(PoliceConsultation).insert(consultation);
    await this.events.append(manager, event, consultation, principal);
  }

  /**
   * Checks and applies a move at `now`. Leaving `answered` after the follow-up clock ended (a late police
   * response) marks the clock missed, if the scheduler has not already: it stays counted as overdue.
   */
  async move(
    manager: EntityManager,
    consultation: PoliceConsultation,
    move: MoveName,
    principal: Principal,
    changes: Partial<PoliceConsultation>,
    now: Date,
  ): Promise<void> {
    const rule = checkMove(consultation, move, principal);
    const late =
      consultation.state === 'answered' &&
      !consultation.followUpOverdueAt &&
      !!consultation.followUpDueAt &&
      consultation.followUpDueAt < now;
    const applied: Partial<PoliceConsultation> = {
      ...changes,
      state: rule.to,
      updatedAt: now,
      ...(late ? { followUpOverdueAt: now } : {}),
    };
    Object.assign(consultation, applied);
    await manager.getRepository(PoliceConsultation).update(consultation.id, applied);
    await this.events.append(manager, rule.event, consultation, principal);
    if (late) await this.events.append(manager, 'followUpOverdue', consultation);
  }

  /** The clock's mark: the follow-up was missed (at `now`), announced once. The row is locked by the caller. */
  async markOverdue(manager: EntityManager, consultation: PoliceConsultation, now: Date): Promise<void> {
    Object.assign(consultation, { followUpOverdueAt: now, updatedAt: now });
    await manager
      .getRepository(PoliceConsultation)
      .update(consultation.id, { followUpOverdueAt: now, updatedAt: now });
    await this.events.append(manager, 'followUpOverdue', consultation);
  }
}
