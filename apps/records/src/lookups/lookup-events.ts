import { Inject, Injectable } from '@nestjs/common';
import { create, toBinary } from '@bufbuild/protobuf';
import { RecordEvents, RecordLookupEventSchema, type LookupKind } from '@yiti/contracts';
import { appendEvent } from '@yiti/events';
import type { EntityManager } from 'typeorm';
import type { AuditRecord } from '../audit/audit-chain.js';
import { RECORDS_SCHEMA } from '../records.config.js';
import { EVENT_SUBJECT_PREFIX } from '../tokens.js';
import type { CheckedPurpose } from './purposes.js';

/**
 * Tells holder organizations that another organization's lookup returned their records: one
 * `lookup.performed` event per holder, written to the outbox in the lookup's transaction (so only for lookups
 * whose audit entry committed). A lookup of one's own organization's records notifies nobody.
 */
@Injectable()
export class RecordLookupEvents {
  constructor(@Inject(EVENT_SUBJECT_PREFIX) private readonly prefix: string) {}

  async lookupPerformed(
    m: EntityManager,
    audit: AuditRecord,
    kind: LookupKind,
    purpose: CheckedPurpose,
    returned: ReadonlyArray<{ id: string; holder: string }>,
  ): Promise<void> {
    const byHolder = new Map<string, string[]>();
    for (const { id, holder } of returned) {
      if (holder === audit.actorOrg) continue;
      byHolder.set(holder, [...(byHolder.get(holder) ?? []), id]);
    }
    for (const [holder, personIds] of byHolder) {
      const payload = create(RecordLookupEventSchema, {
        auditId: audit.id,
        kind,
        holderOrg: holder,
        personIds,
        actor: audit.actor,
        actorOrg: audit.actorOrg,
        purpose: purpose.code,
        caseNumber: purpose.caseNumber,
        occurredAt: audit.at.toISOString(),
        visibleTo: [holder],
      });
      await appendEvent(m, RECORDS_SCHEMA, {
        subject: this.prefix + RecordEvents.lookupPerformed.subject,
        payload: toBinary(RecordLookupEventSchema, payload),
      });
    }
  }
}
