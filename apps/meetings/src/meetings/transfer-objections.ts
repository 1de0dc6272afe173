import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource, type EntityManager } from 'typeorm';
import {
  BUS_CONSUMERS,
  ObjectionGrounds,
  ORGANIZATION_CODE,
  TITLE_MAX_LENGTH,
  TransferEvents,
  TransferKind,
  UUID,
  type TransferEvent,
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
import { MEETINGS_SCHEMA } from '../meetings.config.js';
import { EVENT_SUBJECT_PREFIX, EVENTS_STREAM, MEETINGS_SITE } from '../tokens.js';
import { AgendaItem } from './agenda-item.entity.js';
import { Meeting } from './meeting.entity.js';

/** Who made an automatic consultation. */
export const SYSTEM_USER = 'meetings';

const KIND_WORDS: Partial<Record<TransferKind, string>> = {
  [TransferKind.CASE]: '案件',
  [TransferKind.LEAD]: '线索',
};

/** Objection grounds in words, as the consultation's agenda names them. */
const GROUNDS_WORDS: Record<ObjectionGrounds, string> = {
  [ObjectionGrounds.UNSPECIFIED]: '未说明',
  [ObjectionGrounds.SENDER_HAS_JURISDICTION]: '移送方有管辖权',
  [ObjectionGrounds.THIRD_PARTY_HAS_JURISDICTION]: '应由其他单位管辖',
  [ObjectionGrounds.OUTSIDE_PACT_SCOPE]: '不属于协作协议范围',
  [ObjectionGrounds.FACTS_DISPUTED]: '对移送所述事实有异议',
  [ObjectionGrounds.OTHER]: '其他理由',
};

/**
 * The grounds of an objection event in words: its code is the enum value name (`SENDER_HAS_JURISDICTION`);
 * events from before that carried the column spelling (`sender-has-jurisdiction`), read the same. Undefined
 * for no code or one that is no grounds.
 */
export function groundsInWords(code: string): string | undefined {
  const name = code.trim().toUpperCase().replace(/-/g, '_') as keyof typeof ObjectionGrounds;
  const grounds = name && name !== 'UNSPECIFIED' ? ObjectionGrounds[name] : undefined;
  return typeof grounds === 'number' ? GROUNDS_WORDS[grounds] : undefined;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The drafted consultation's title and its agenda item's, in words: `三长会商：<the transfer's summary>（<the
 * sender's document number>）` and `<document number> 线索移送的管辖异议（异议理由：移送方有管辖权）`. The summary is
 * shortened (…) to fit the title's 200 characters. An event without a summary (from before it was carried)
 * names the kind, category and parties instead.
 */
export function consultationTitles(t: TransferEvent): { title: string; itemTitle: string } {
  const kind = KIND_WORDS[t.kind] ?? '';
  const number = t.senderCaseNumber.trim();
  const summary = t.summary.trim().replace(/\s+/g, ' ');
  const suffix = number ? `（${number}）` : '';
  const prefix = '三长会商：';
  const title = summary
    ? `${prefix}${clip(summary, TITLE_MAX_LENGTH - prefix.length - suffix.length)}${suffix}`
    : `${prefix}${kind}移送管辖争议（${t.category}，${t.senderOrg} → ${t.receiverOrg}）`;
  const grounds = groundsInWords(t.code);
  const itemTitle = `${number ? `${number} ` : ''}${kind}移送的管辖异议${grounds ? `（异议理由：${grounds}）` : ''}`;
  return { title: clip(title, TITLE_MAX_LENGTH), itemTitle: clip(itemTitle, TITLE_MAX_LENGTH) };
}

/**
 * A heads' consultation (三长会商) for every disputed transfer: when a receiver objects to a transfer, a draft
 * consultation appears at the sender (the host: it sent the transfer and answers the objection), inviting both
 * parties, with the transfer as agenda item 1. Once per transfer: the event is handled once (the inbox), and
 * a duplicate objection event (another event id) finds the transfer's consultation already there (a unique
 * index on the transfer id). The host's secretary schedules it (the transfers service is told then).
 */
@Injectable()
export class TransferObjections implements OnApplicationBootstrap, OnApplicationShutdown {
  private consumer: EventConsumer | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(EVENT_SUBJECT_PREFIX) private readonly prefix: string,
    @Inject(EVENTS_STREAM) private readonly stream: EventStreamRef,
    @Inject(MEETINGS_SITE) private readonly site: 'city' | 'county',
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A county instance keeps the county's own records: the city's instances draft every heads' consultation.
    if (this.site === 'county') return;
    // Provisioned by the operator; this checks it (the relay does too) and creates it only where allowed.
    await ensureEventStream(this.nc, { ...this.stream, subjectPrefix: this.prefix });
    this.consumer = new EventConsumer({
      nc: this.nc,
      stream: this.stream.name,
      durableName: BUS_CONSUMERS.meetingsTransferObjections.durableName,
      filterSubject: this.prefix + BUS_CONSUMERS.meetingsTransferObjections.filterSubject,
      dataSource: this.dataSource,
      schema: MEETINGS_SCHEMA,
      logger: this.logger,
      handle: (event, manager) => this.apply(event, manager),
    });
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  async apply(event: ConsumedEvent, manager: EntityManager): Promise<void> {
    const objected = decodeEvent(TransferEvents.objected.payload, event);
    if (
      !UUID.test(objected.transferId) ||
      !ORGANIZATION_CODE.test(objected.senderOrg) ||
      !ORGANIZATION_CODE.test(objected.receiverOrg)
    ) {
      // Redelivery would not help.
      this.logger.event('error', 'objection event without a transfer and its parties; skipped', {
        eventId: event.id,
        transferId: objected.transferId,
      });
      return;
    }
    await this.consultationFor(manager, objected);
  }

  private async consultationFor(manager: EntityManager, t: TransferEvent): Promise<void> {
    const now = new Date();
    const id = randomUUID();
    const parties = [t.senderOrg, t.receiverOrg];
    const { title, itemTitle } = consultationTitles(t);
    await manager
      .createQueryBuilder()
      .insert()
      .into(Meeting)
      .values({
        id,
        kind: 'heads-consultation',
        state: 'draft',
        hostOrg: t.senderOrg,
        title,
        startsAt: null,
        endsAt: null,
        location: '',
        invitees: parties.map((org) => ({ org, username: '' })),
        attendees: [],
        visibleTo: [...new Set([...parties, ...t.visibleTo])].sort(),
        minutes: '',
        version: 1,
        cancelledReason: null,
        transferId: t.transferId,
        transferParties: parties,
        demo: false,
        createdBy: SYSTEM_USER,
        createdAt: now,
        listedAt: now,
        updatedAt: now,
        concludedAt: null,
        approvedAt: null,
      })
      .orIgnore()
      .execute();
    const made = await manager.getRepository(Meeting).findOneBy({ transferId: t.transferId });
    if (made?.id !== id) {
      this.logger.event('info', 'the transfer already has its consultation; objection event ignored', {
        transferId: t.transferId,
        meetingId: made?.id,
      });
      return;
    }
    await manager.getRepository(AgendaItem).insert({
      meetingId: id,
      number: 1,
      title: itemTitle,
      transferId: t.transferId,
      caseNumber: null,
      consultationId: null,
      decision: '',
      majority: null,
      minorities: [],
      referToCommittee: false,
      transferOutcome: null,
    });
    this.logger.event('info', "heads' consultation drafted for a disputed transfer", {
      transferId: t.transferId,
      meetingId: id,
      hostOrg: t.senderOrg,
    });
  }
}
