import { Inject, Injectable } from '@nestjs/common';
import { create, toBinary } from '@bufbuild/protobuf';
import { RecordEvents, RecordLookupEventSchema, type LookupKind } from '@yiti/contracts';
import type { OutgoingEvent } from '@yiti/events';
import type { AuditRecord } from '../audit/audit-chain.js';
import { EVENT_SUBJECT_PREFIX } from '../tokens.js';
import type { CheckedPurpose } from './purposes.js';

/**
 * Tells holder organizations that another organization's lookup returned their records: one
 * `lookup.performed` event per holder, written to the outbox in the transaction of the lookup's audit entry (so
 * only for lookups whose audit entry committed). A lookup of one's own organization's records notifies nobody.
 */
@Injectable()
export class RecordLookupEvents {
  constructor(@Inject(EVENT_SUBJECT_PREFIX) private readonly prefix: string) {}

  lookupPerformed(
    audit: AuditRecord,
    kind: LookupKind,
    purpose: CheckedPurpose,
    returned: ReadonlyArray<{ id: string; holder: string }>,
  ): OutgoingEvent[] {
    const byHolder = new Map<string, string[]>();
    for (const { id, holder } of returned) {
      if (holder === audit.actorOrg) continue;
      byHolder.set(holder, [...(byHolder.get(holder) ?? []), id]);
    }
    return [...byHolder].map(([holder, personIds]) => {
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
      return {
        subject: this.prefix + RecordEvents.lookupPerformed.subject,
        payload: toBinary(RecordLookupEventSchema, payload),
      };
    });
  }
}
