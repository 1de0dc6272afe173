import { create, toBinary } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  MeetingEvents,
  MeetingEventSchema,
  TransferConsultationDecidedSchema,
  TransferConsultationScheduledSchema,
  type ConsultationOutcome,
} from '@yiti/contracts';
import { appendEvent } from '@yiti/events';
import { MEETINGS_SCHEMA } from '../meetings.config.js';
import { EVENT_SUBJECT_PREFIX } from '../tokens.js';
import type { MeetingEventName } from './lifecycle.js';
import type { Meeting } from './meeting.entity.js';
import { kindToMessage, stateToMessage } from './meetings.mapper.js';

export interface EventActor {
  org: string;
  username: string;
}

/**
 * Writes meeting events to the outbox in the caller's transaction: the change and its events commit together
 * or not at all; the relay publishes them to JetStream afterwards. Besides the meeting's own events, a heads'
 * consultation announces to the transfers service when it is scheduled and what it decided per transfer.
 */
@Injectable()
export class MeetingEventsOutbox {
  constructor(@Inject(EVENT_SUBJECT_PREFIX) private readonly prefix: string) {}

  async append(
    manager: EntityManager,
    name: MeetingEventName,
    meeting: Meeting,
    actor: EventActor,
  ): Promise<void> {
    const payload = create(MeetingEventSchema, {
      meetingId: meeting.id,
      kind: kindToMessage(meeting.kind),
      state: stateToMessage(meeting.state),
      hostOrg: meeting.hostOrg,
      visibleTo: meeting.visibleTo,
      actor: actor.username,
      actorOrg: actor.org,
      occurredAt: new Date().toISOString(),
    });
    await appendEvent(manager, MEETINGS_SCHEMA, {
      subject: this.prefix + MeetingEvents[name].subject,
      payload: toBinary(MeetingEventSchema, payload),
    });
  }

  /** A heads' consultation made for a disputed transfer got its time: the transfer goes into consultation. */
  async consultationScheduled(
    manager: EntityManager,
    meeting: Meeting,
    transferId: string,
    actor: EventActor,
  ): Promise<void> {
    const payload = create(TransferConsultationScheduledSchema, {
      meetingId: meeting.id,
      transferId,
      hostOrg: meeting.hostOrg,
      scheduledFor: meeting.startsAt?.toISOString() ?? '',
      occurredAt: new Date().toISOString(),
      actor: actor.username,
    });
    await appendEvent(manager, MEETINGS_SCHEMA, {
      subject: this.prefix + MeetingEvents.consultationScheduled.subject,
      payload: toBinary(TransferConsultationScheduledSchema, payload),
    });
  }

  /** What the heads decided on one disputed transfer: the transfers service resolves or escalates it. */
  async consultationDecided(
    manager: EntityManager,
    meeting: Meeting,
    decision: { transferId: string; outcome: ConsultationOutcome; summary: string },
    actor: EventActor,
  ): Promise<void> {
    const now = new Date().toISOString();
    const payload = create(TransferConsultationDecidedSchema, {
      meetingId: meeting.id,
      transferId: decision.transferId,
      outcome: decision.outcome,
      summary: decision.summary,
      decidedAt: meeting.concludedAt?.toISOString() ?? now,
      occurredAt: now,
      hostOrg: meeting.hostOrg,
      actor: actor.username,
    });
    await appendEvent(manager, MEETINGS_SCHEMA, {
      subject: this.prefix + MeetingEvents.consultationDecided.subject,
      payload: toBinary(TransferConsultationDecidedSchema, payload),
    });
  }
}
