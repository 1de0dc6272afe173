import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource, type EntityManager } from 'typeorm';
import {
  BUS_CONSUMERS,
  ConsultationOutcome,
  MeetingEvents,
  UUID,
  type TransferConsultationDecided,
  type TransferConsultationScheduled,
} from '@yiti/contracts';
import {
  decodeEvent,
  ensureEventStream,
  EventConsumer,
  type ConsumedEvent,
  type EventStreamRef,
} from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { NATS_CONNECTION } from '@yiti/messaging';
import { TRANSFERS_SCHEMA } from '../transfers.config.js';
import { EVENT_SUBJECT_PREFIX } from './transfer-events.js';
import { Transfer } from './transfer.entity.js';
import { TransferWriter, type Actor } from './transfer-writer.js';

export const EVENTS_STREAM = 'EVENTS_STREAM';

const OPEN_DISPUTE: readonly Transfer['state'][] = ['objected', 'in-consultation'];

/**
 * Who a consultation's step names: the organization that hosted the heads' consultation and decided (the
 * sender, for one drafted on an objection) and its secretary who scheduled or concluded it. An event from
 * before they were carried names neither: then the sender, and `system`.
 */
function consultationActor(
  transfer: Transfer,
  event: TransferConsultationScheduled | TransferConsultationDecided,
): Actor {
  return { org: event.hostOrg || transfer.senderOrg, username: event.actor || 'system' };
}

/**
 * Applies the heads' consultation (三长会商) to disputed transfers, from the meetings service's events: a
 * scheduled consultation moves an objected transfer into consultation; a decision resolves it (the receiver
 * accepts, or the sender retains) or, with no agreement, escalates it to the common superior. Each event is
 * applied once (EventConsumer's inbox), in the same transaction as its effect. A decision that arrives after
 * the transfer moved on (e.g. escalated by its deadline) is not applied; the timeline notes it.
 */
@Injectable()
export class ConsultationOutcomes implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: EventConsumer | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TransferWriter) private readonly writer: TransferWriter,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(EVENT_SUBJECT_PREFIX) private readonly prefix: string,
    @Inject(EVENTS_STREAM) private readonly stream: EventStreamRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Provisioned by the operator; this checks it (the relay does too) and creates it only where allowed.
    await ensureEventStream(this.nc, { ...this.stream, subjectPrefix: this.prefix });
    this.consumer = new EventConsumer({
      nc: this.nc,
      stream: this.stream.name,
      durableName: BUS_CONSUMERS.transfersConsultationOutcomes.durableName,
      filterSubject: this.prefix + BUS_CONSUMERS.transfersConsultationOutcomes.filterSubject,
      dataSource: this.dataSource,
      schema: TRANSFERS_SCHEMA,
      logger: this.logger,
      handle: (event, manager) => this.apply(event, manager),
    });
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  async apply(event: ConsumedEvent, manager: EntityManager): Promise<void> {
    const subject = event.subject.slice(this.prefix.length);
    if (subject === MeetingEvents.consultationScheduled.subject) {
      const scheduled = decodeEvent(MeetingEvents.consultationScheduled.payload, event);
      await this.scheduled(manager, scheduled);
    } else if (subject === MeetingEvents.consultationDecided.subject) {
      const decided = decodeEvent(MeetingEvents.consultationDecided.payload, event);
      await this.decided(manager, decided);
    }
  }

  private async scheduled(manager: EntityManager, event: TransferConsultationScheduled): Promise<void> {
    const transfer = await this.disputed(manager, event.transferId);
    if (!transfer) return;
    const actor = consultationActor(transfer, event);
    if (transfer.state === 'objected') {
      await this.writer.move(
        manager,
        transfer,
        'startConsultation',
        actor,
        {
          consultationMeetingId: event.meetingId,
        },
        { note: `Consultation meeting ${event.meetingId} scheduled for ${event.scheduledFor}.` },
      );
    } else {
      await this.writer.step(manager, transfer, 'noted', actor, {
        note: `Consultation meeting ${event.meetingId} scheduled while the transfer was ${transfer.state}.`,
      });
    }
  }

  private async decided(manager: EntityManager, event: TransferConsultationDecided): Promise<void> {
    const transfer = await this.disputed(manager, event.transferId);
    if (!transfer) return;
    const actor = consultationActor(transfer, event);
    const note = event.summary || null;
    const code = ConsultationOutcome[event.outcome] ?? 'UNSPECIFIED';
    if (!OPEN_DISPUTE.includes(transfer.state)) {
      await this.writer.step(manager, transfer, 'noted', actor, {
        note: `The consultation's decision (${code}) arrived after the transfer was ${transfer.state}; not applied.`,
        code,
      });
      return;
    }
    const now = new Date();
    const meeting = { consultationMeetingId: transfer.consultationMeetingId ?? event.meetingId };
    switch (event.outcome) {
      case ConsultationOutcome.RECEIVER_ACCEPTS:
      case ConsultationOutcome.SENDER_RETAINS: {
        const accepts = event.outcome === ConsultationOutcome.RECEIVER_ACCEPTS;
        await this.writer.move(
          manager,
          transfer,
          'resolve',
          actor,
          {
            ...meeting,
            resolution: accepts ? 'accepted-by-receiver' : 'retained-by-sender',
            handlingOrg: accepts ? transfer.receiverOrg : transfer.senderOrg,
            closedAt: now,
          },
          { note, code },
        );
        return;
      }
      case ConsultationOutcome.NO_AGREEMENT:
        if (transfer.commonSuperiorOrg) {
          await this.writer.move(manager, transfer, 'escalate', actor, meeting, { note, code });
        } else {
          await this.writer.step(manager, transfer, 'noted', actor, {
            note: 'The consultation reached no agreement and there is no common superior to escalate to.',
            code,
          });
        }
        return;
      case ConsultationOutcome.UNSPECIFIED:
        this.logger.event('warn', 'consultation decision without an outcome ignored', {
          transferId: event.transferId,
          meetingId: event.meetingId,
        });
        return;
      default: {
        const unreachable: never = event.outcome;
        return unreachable;
      }
    }
  }

  /** The transfer an event names, locked; undefined (logged) when there is none: redelivery would not help. */
  private async disputed(manager: EntityManager, id: string): Promise<Transfer | undefined> {
    const transfer = UUID.test(id)
      ? await manager.getRepository(Transfer).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!transfer)
      this.logger.event('error', 'consultation event names no transfer; skipped', { transferId: id });
    return transfer ?? undefined;
  }
}
