import { create, toBinary } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@yiti/auth';
import { MeetingEvents, PoliceConsultationEventSchema } from '@yiti/contracts';
import { appendEvent } from '@yiti/events';
import { MEETINGS_SCHEMA } from '../meetings.config.js';
import { EVENT_SUBJECT_PREFIX } from '../tokens.js';
import type { PoliceConsultation } from './consultation.entity.js';
import { followUpToMessage, stateToMessage, typeToMessage } from './consultations.mapper.js';

/** The events a police consultation raises. */
export type ConsultationEventName = Extract<
  keyof typeof MeetingEvents,
  | 'policeConsultationLogged'
  | 'policeConsultationEdited'
  | 'policeConsultationWithdrawn'
  | 'supervisionMatterOpened'
  | 'policeConsultationAnswered'
  | 'policeResponded'
  | 'followUpOverdue'
>;

/**
 * Writes consultation events to the outbox in the caller's transaction: the change and its event commit
 * together or not at all; the relay publishes them to JetStream afterwards.
 */
@Injectable()
export class ConsultationEventsOutbox {
  constructor(@Inject(EVENT_SUBJECT_PREFIX) private readonly prefix: string) {}

  async append(
    manager: EntityManager,
    name: ConsultationEventName,
    consultation: PoliceConsultation,
    actor?: Principal,
  ): Promise<void> {
    const payload = create(PoliceConsultationEventSchema, {
      consultationId: consultation.id,
      iscoOrg: consultation.iscoOrg,
      policeOrg: consultation.policeOrg,
      procuratorateOrg: consultation.procuratorateOrg,
      type: typeToMessage(consultation.type),
      state: stateToMessage(consultation.state),
      followUp: followUpToMessage(consultation.followUp),
      followUpDueAt: consultation.followUpDueAt?.toISOString() ?? '',
      occurredAt: new Date().toISOString(),
      visibleTo: consultation.visibleTo,
      actor: actor?.username ?? '',
      actorOrg: actor?.org ?? '',
    });
    await appendEvent(manager, MEETINGS_SCHEMA, {
      subject: this.prefix + MeetingEvents[name].subject,
      payload: toBinary(PoliceConsultationEventSchema, payload),
    });
  }
}
