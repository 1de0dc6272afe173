import { create, toBinary } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Deadline, TransferEvents, TransferEventSchema } from '@yiti/contracts';
import { appendEvent } from '@yiti/events';
import { TRANSFERS_SCHEMA } from '../transfers.config.js';
import type { Transfer } from './transfer.entity.js';
import { kindToMessage, stateToMessage } from './transfers.mapper.js';

export const EVENT_SUBJECT_PREFIX = 'EVENT_SUBJECT_PREFIX';

export type TransferEventName = keyof typeof TransferEvents;

export interface EventDetails {
  actorOrg: string;
  actor: string;
  /** The reason, grounds or missed deadline, as its enum value name (`SENDER_HAS_JURISDICTION`). */
  code?: string;
  deadline?: Deadline;
  dueAt?: Date | null;
}

/**
 * Writes transfer events to the outbox in the caller's transaction: the state change and its event commit
 * together or not at all; the relay publishes them to JetStream afterwards.
 */
@Injectable()
export class TransferEventsOutbox {
  constructor(@Inject(EVENT_SUBJECT_PREFIX) private readonly prefix: string) {}

  async append(
    manager: EntityManager,
    name: TransferEventName,
    transfer: Transfer,
    details: EventDetails,
  ): Promise<void> {
    const payload = create(TransferEventSchema, {
      transferId: transfer.id,
      senderOrg: transfer.senderOrg,
      receiverOrg: transfer.receiverOrg,
      state: stateToMessage(transfer.state),
      kind: kindToMessage(transfer.kind),
      businessLine: transfer.businessLine,
      category: transfer.category,
      pactCode: transfer.pactCode ?? '',
      actorOrg: details.actorOrg,
      actor: details.actor,
      occurredAt: new Date().toISOString(),
      code: details.code ?? '',
      visibleTo: transfer.visibleTo,
      commonSuperiorOrg: transfer.commonSuperiorOrg ?? '',
      handlingOrg: transfer.handlingOrg ?? '',
      deadline: details.deadline ?? Deadline.UNSPECIFIED,
      dueAt: details.dueAt?.toISOString() ?? '',
      summary: transfer.summary,
      senderCaseNumber: transfer.senderCaseNumber ?? '',
    });
    await appendEvent(manager, TRANSFERS_SCHEMA, {
      subject: this.prefix + TransferEvents[name].subject,
      payload: toBinary(TransferEventSchema, payload),
    });
  }
}
