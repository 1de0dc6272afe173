import { create, toBinary } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AgreementEvents, AgreementEventSchema } from '@yiti/contracts';
import { appendEvent } from '@yiti/events';
import { AGREEMENTS_SCHEMA } from '../agreements.config.js';
import { versionDates, type LoadedAgreement } from './agreements.mapper.js';
import { statusOf, todayInShanghai } from './lifecycle.js';

export const EVENT_SUBJECT_PREFIX = 'EVENT_SUBJECT_PREFIX';

export type AgreementEventName = keyof typeof AgreementEvents;

/**
 * Writes agreement events to the outbox in the caller's transaction: the state change and its event commit
 * together or not at all; the relay publishes them to JetStream afterwards.
 */
@Injectable()
export class AgreementEventsOutbox {
  constructor(@Inject(EVENT_SUBJECT_PREFIX) private readonly prefix: string) {}

  async append(
    manager: EntityManager,
    name: AgreementEventName,
    loaded: LoadedAgreement,
    version: number,
    actor?: { org: string; username: string },
  ): Promise<void> {
    const payload = create(AgreementEventSchema, {
      code: loaded.agreement.code,
      version,
      status: statusOf(loaded.agreement.state, versionDates(loaded), todayInShanghai()),
      partyCodes: loaded.agreement.partyCodes,
      actorOrg: actor?.org ?? '',
      actor: actor?.username ?? '',
      occurredAt: new Date().toISOString(),
    });
    await appendEvent(manager, AGREEMENTS_SCHEMA, {
      subject: this.prefix + AgreementEvents[name].subject,
      payload: toBinary(AgreementEventSchema, payload),
    });
  }
}
