import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@yiti/auth';
import { UUID, type Deadline } from '@yiti/contracts';
import { inputCheck } from '@yiti/messaging';
import { checkMove, type MoveName } from './lifecycle.js';
import { Transfer } from './transfer.entity.js';
import { TransferEventsOutbox, type TransferEventName } from './transfer-events.js';
import { TransferStep } from './transfer-step.entity.js';
import { TransferErrors } from './transfers.errors.js';

/** Who acts: a verified user, or the system (an event from another service, or the clock). */
export interface Actor {
  org: string;
  username: string;
  /** Absent for the system: its moves skip the organization and role checks. */
  principal?: Principal;
}

export const actorOf = (principal: Principal): Actor => ({
  org: principal.org,
  username: principal.username,
  principal,
});

export interface StepDetails {
  note?: string | null;
  code?: string | null;
  deadline?: Deadline;
  dueAt?: Date | null;
}

/** Whether an organization may see a transfer: a draft only its sender; otherwise the parties and superiors. */
export function canSee(transfer: Transfer, org: string): boolean {
  return transfer.state === 'draft' ? transfer.senderOrg === org : transfer.visibleTo.includes(org);
}

/**
 * The one way a transfer changes: inside the caller's transaction, with the row locked, a move is checked
 * against the lifecycle (state, organization, role), applied, written to the timeline and announced through
 * the outbox — all committed together or not at all.
 */
@Injectable()
export class TransferWriter {
  constructor(@Inject(TransferEventsOutbox) private readonly events: TransferEventsOutbox) {}

  /** Locks the transfer for the rest of the transaction; NOT_FOUND unless `org` may see it (system: any). */
  async lock(manager: EntityManager, id: string, org?: string): Promise<Transfer> {
    inputCheck().matches('id', id, UUID, 'must be a transfer id').done();
    const transfer = await manager
      .getRepository(Transfer)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!transfer || (org !== undefined && !canSee(transfer, org))) throw TransferErrors.notFound(id);
    return transfer;
  }

  async move(
    manager: EntityManager,
    transfer: Transfer,
    move: MoveName,
    actor: Actor,
    changes: Partial<Transfer>,
    details: StepDetails = {},
  ): Promise<void> {
    const rule = checkMove(transfer, move, actor.principal);
    const from = transfer.state;
    const applied: Partial<Transfer> =
      rule.to === 'escalated' ? { ...changes, escalatedAt: new Date() } : changes;
    Object.assign(transfer, applied, { state: rule.to, updatedAt: new Date() });
    await manager
      .getRepository(Transfer)
      .update(transfer.id, { ...applied, state: rule.to, updatedAt: transfer.updatedAt });
    await this.step(manager, transfer, rule.event, actor, details, from);
  }

  /**
   * A timeline entry (and its event) without a state change — `overdue`, or the system noting something —
   * or, from move(), with one.
   */
  async step(
    manager: EntityManager,
    transfer: Transfer,
    event: TransferEventName | 'created' | 'draft-updated' | 'attachment-added' | 'noted',
    actor: Actor,
    details: StepDetails = {},
    from: Transfer['state'] = transfer.state,
  ): Promise<void> {
    await manager.getRepository(TransferStep).insert({
      transferId: transfer.id,
      at: new Date(),
      action: event === 'consultationStarted' ? 'consultation-started' : event,
      actor: actor.username,
      actorOrg: actor.org,
      fromState: from,
      toState: transfer.state,
      note: details.note ?? null,
      code: details.code ?? null,
    });
    if (event === 'created' || event === 'draft-updated' || event === 'noted') return;
    if (event === 'attachment-added') return;
    if (transfer.state === 'draft') return;
    await this.events.append(manager, event, transfer, {
      actorOrg: actor.org,
      actor: actor.username,
      ...(details.code ? { code: details.code } : {}),
      ...(details.deadline ? { deadline: details.deadline } : {}),
      ...(details.dueAt ? { dueAt: details.dueAt } : {}),
    });
  }
}
