import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import {
  LookupKind,
  LookupPurpose,
  RecordEvents,
  RecordLookupEventSchema,
  TransferEvents,
} from '@yiti/contracts';
import { recordLookupNotificationsFor } from './record-lookup-notifications.mapper.js';

const event = (fields: MessageInitShape<typeof RecordLookupEventSchema> = {}) =>
  toBinary(
    RecordLookupEventSchema,
    create(RecordLookupEventSchema, {
      auditId: 'a0d17000-0000-4000-8000-000000000001',
      kind: LookupKind.NAME,
      holderOrg: 'proc-540522',
      personIds: ['c0ffee00-0000-4000-8000-000000000001', 'c0ffee00-0000-4000-8000-000000000002'],
      actor: 'zhaxi',
      actorOrg: 'proc-540124',
      purpose: LookupPurpose.PROSECUTION_REVIEW,
      caseNumber: '曲检刑诉〔2026〕12号',
      occurredAt: '2026-03-04T05:06:07Z',
      visibleTo: ['proc-540522'],
      ...fields,
    }),
  );

const SUBJECT = RecordEvents.lookupPerformed.subject;

describe('record lookup notifications', () => {
  it("yields lookups whose visible_to has the caller's organization, and no others", () => {
    const payload = event();
    assert.deepEqual(recordLookupNotificationsFor('proc-540522')(SUBJECT, payload), {
      auditId: 'a0d17000-0000-4000-8000-000000000001',
      kind: 'NAME',
      holderOrg: 'proc-540522',
      personIds: ['c0ffee00-0000-4000-8000-000000000001', 'c0ffee00-0000-4000-8000-000000000002'],
      actor: 'zhaxi',
      actorOrg: 'proc-540124',
      purpose: 'PROSECUTION_REVIEW',
      caseNumber: '曲检刑诉〔2026〕12号',
      occurredAt: '2026-03-04T05:06:07Z',
    });
    // The organization that looked up, and a superior of the holder, are not among visible_to.
    assert.equal(recordLookupNotificationsFor('proc-540124')(SUBJECT, payload), undefined);
    assert.equal(recordLookupNotificationsFor('proc-540500')(SUBJECT, payload), undefined);
  });

  it('maps every lookup kind', () => {
    const kinds = [
      [LookupKind.CITIZEN_ID, 'CITIZEN_ID'],
      [LookupKind.NAME, 'NAME'],
      [LookupKind.DETAIL, 'DETAIL'],
    ] as const;
    for (const [kind, expected] of kinds) {
      assert.equal(recordLookupNotificationsFor('proc-540522')(SUBJECT, event({ kind }))?.kind, expected);
    }
  });

  it('ignores subjects other than the lookup event, without decoding them', () => {
    const match = recordLookupNotificationsFor('proc-540522');
    assert.equal(match(TransferEvents.sent.subject, event()), undefined);
    assert.equal(match('yiti.evt.records.lookup.performed.v2', new Uint8Array([0xff])), undefined);
    assert.equal(match(TransferEvents.sent.subject, new Uint8Array([0xff, 0xff, 0xff])), undefined);
  });

  it('throws on a payload that does not decode or lacks its identifying fields (the feed logs and skips it)', () => {
    const match = recordLookupNotificationsFor('proc-540522');
    const garbage = new Uint8Array([0xff, 0xff, 0xff]);
    assert.throws(() => match(SUBJECT, garbage));
    // Every time it is asked, not only the first.
    assert.throws(() => match(SUBJECT, garbage));
    assert.throws(() => match(SUBJECT, event({ auditId: '' })), /audit_id/);
    assert.throws(() => match(SUBJECT, event({ holderOrg: '' })), /holder_org/);
    assert.throws(() => match(SUBJECT, event({ occurredAt: 'yesterday' })), /occurred_at/);
    assert.throws(() => match(SUBJECT, event({ kind: LookupKind.UNSPECIFIED })), /kind/);
    assert.throws(() => match(SUBJECT, event({ kind: 99 as LookupKind })), /unknown lookup kind: 99/);
    assert.throws(() => match(SUBJECT, event({ purpose: LookupPurpose.UNSPECIFIED })), /purpose/);
  });

  it('decodes a payload once however many subscriptions see it', () => {
    const payload = event({ visibleTo: ['proc-540522', 'proc-540523'] });
    const a = recordLookupNotificationsFor('proc-540522')(SUBJECT, payload);
    const b = recordLookupNotificationsFor('proc-540523')(SUBJECT, payload);
    assert.ok(a);
    assert.equal(a, b);
  });
});
