import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { Deadline, TransferEvents, TransferEventSchema } from '@yiti/contracts';
import { kindOfSubject, transferNotificationsFor } from './transfer-notifications.mapper.js';
import { TransferNotificationKind } from './transfer-notifications.models.js';

const event = (fields: MessageInitShape<typeof TransferEventSchema> = {}) =>
  toBinary(
    TransferEventSchema,
    create(TransferEventSchema, {
      transferId: 'c0ffee00-0000-4000-8000-000000000001',
      senderOrg: 'proc-540522',
      receiverOrg: 'proc-540124',
      actorOrg: 'proc-540522',
      occurredAt: '2025-03-04T05:06:07Z',
      visibleTo: ['proc-540522', 'proc-540124', 'proc-540500', 'proc-540100', 'proc-540000'],
      ...fields,
    }),
  );

describe('transfer notifications', () => {
  it('has a kind for every transfer event subject', () => {
    assert.equal(
      kindOfSubject(TransferEvents.consultationStarted.subject),
      TransferNotificationKind.CONSULTATION_STARTED,
    );
    assert.equal(kindOfSubject(TransferEvents.sent.subject), TransferNotificationKind.SENT);
    const kinds = Object.values(TransferEvents).map((e) => kindOfSubject(e.subject));
    assert.deepEqual(new Set(kinds), new Set(Object.values(TransferNotificationKind)));
    assert.equal(kindOfSubject('yiti.evt.agreements.agreement.signed.v1'), undefined);
    assert.equal(kindOfSubject('yiti.evt.transfers.transfer.sent.v2'), undefined);
  });

  it("yields events whose visible_to has the caller's organization", () => {
    const payload = event();
    const qushui = transferNotificationsFor('proc-540124', null)(TransferEvents.sent.subject, payload);
    assert.deepEqual(qushui, {
      kind: 'SENT',
      transferId: 'c0ffee00-0000-4000-8000-000000000001',
      senderOrg: 'proc-540522',
      receiverOrg: 'proc-540124',
      actorOrg: 'proc-540522',
      occurredAt: '2025-03-04T05:06:07Z',
      code: null,
      dueAt: null,
      handlingOrg: null,
    });
    assert.equal(
      transferNotificationsFor('police-540522', null)(TransferEvents.sent.subject, payload),
      undefined,
    );
  });

  it('filters by kind; an empty list means every kind', () => {
    const payload = event({ code: 'NOT_OUR_JURISDICTION' });
    const accepted = transferNotificationsFor('proc-540124', [TransferNotificationKind.ACCEPTED]);
    assert.equal(accepted(TransferEvents.returned.subject, payload), undefined);
    assert.equal(accepted(TransferEvents.accepted.subject, payload)?.kind, 'ACCEPTED');
    assert.equal(
      transferNotificationsFor('proc-540124', [])(TransferEvents.returned.subject, payload)?.code,
      'NOT_OUR_JURISDICTION',
    );
  });

  it('names the missed deadline and when it was due', () => {
    const overdue = transferNotificationsFor('proc-540000', null)(
      TransferEvents.overdue.subject,
      event({ deadline: Deadline.ACKNOWLEDGE, dueAt: '2025-03-07T16:00:00Z', actorOrg: 'system' }),
    );
    assert.equal(overdue?.code, 'ACKNOWLEDGE');
    assert.equal(overdue?.dueAt, '2025-03-07T16:00:00Z');
  });

  it('throws on a payload that does not decode or lacks its identifying fields (the feed logs and skips it)', () => {
    const match = transferNotificationsFor('proc-540124', null);
    assert.throws(() => match(TransferEvents.sent.subject, new Uint8Array([0xff, 0xff, 0xff])));
    assert.throws(() => match(TransferEvents.sent.subject, event({ transferId: '' })), /transfer_id/);
    assert.throws(
      () => match(TransferEvents.sent.subject, event({ occurredAt: 'yesterday' })),
      /occurred_at/,
    );
    // Not a transfer event: never decoded.
    assert.equal(match('yiti.evt.agreements.agreement.signed.v1', new Uint8Array([0xff])), undefined);
  });
});
