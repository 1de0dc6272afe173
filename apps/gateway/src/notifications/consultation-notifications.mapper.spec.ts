import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create, toBinary, type MessageInitShape } from '@bufbuild/protobuf';
import {
  ConsultationState,
  ConsultationType,
  MeetingEvents,
  PoliceConsultationEventSchema,
  TransferEvents,
} from '@yiti/contracts';
import { consultationNotificationsFor } from './consultation-notifications.mapper.js';

const event = (fields: MessageInitShape<typeof PoliceConsultationEventSchema> = {}) =>
  toBinary(
    PoliceConsultationEventSchema,
    create(PoliceConsultationEventSchema, {
      consultationId: 'c0000000-0000-4000-8000-000000000001',
      iscoOrg: 'isco-540522',
      policeOrg: 'police-540522',
      procuratorateOrg: 'proc-540522',
      type: ConsultationType.FILING_SUPERVISION,
      state: ConsultationState.ANSWERED,
      followUpDueAt: '2026-12-11T15:59:59.999Z',
      occurredAt: '2026-12-03T05:06:07Z',
      visibleTo: ['isco-540522', 'police-540522', 'proc-540522', 'proc-540500'],
      actor: 'gongga-prosecutor',
      actorOrg: 'proc-540522',
      ...fields,
    }),
  );

const ANSWERED = MeetingEvents.policeConsultationAnswered.subject;

describe('consultation notifications', () => {
  it("yields a consultation's events to the organizations that may see it, and to no others", () => {
    const payload = event();
    const expected = {
      kind: 'ANSWERED',
      consultationId: 'c0000000-0000-4000-8000-000000000001',
      iscoOrg: 'isco-540522',
      policeOrg: 'police-540522',
      procuratorateOrg: 'proc-540522',
      state: 'ANSWERED',
      followUpDueAt: '2026-12-11T15:59:59.999Z',
      actor: 'gongga-prosecutor',
      actorOrg: 'proc-540522',
      occurredAt: '2026-12-03T05:06:07Z',
    };
    assert.deepEqual(consultationNotificationsFor('police-540522')(ANSWERED, payload), expected);
    assert.deepEqual(consultationNotificationsFor('proc-540500')(ANSWERED, payload), expected);
    assert.equal(consultationNotificationsFor('police-540124')(ANSWERED, payload), undefined);
  });

  it('names each event by its kind, the clock without an actor', () => {
    const overdue = event({ state: ConsultationState.ANSWERED, actor: '', actorOrg: '' });
    assert.deepEqual(
      Object.values(MeetingEvents)
        .filter((e) => e.subject.includes('.police-consultation.'))
        .map(
          (e) =>
            consultationNotificationsFor('isco-540522')(
              e.subject,
              e === MeetingEvents.followUpOverdue ? overdue : event(),
            )?.kind,
        ),
      ['LOGGED', 'ANSWERED', 'RESPONDED', 'FOLLOW_UP_OVERDUE', 'EDITED', 'WITHDRAWN', 'SUPERVISION_OPENED'],
    );
    const clock = consultationNotificationsFor('isco-540522')(MeetingEvents.followUpOverdue.subject, overdue);
    assert.deepEqual([clock?.actor, clock?.actorOrg], [null, null]);
  });

  it('ignores other events and refuses a payload without its identifying fields', () => {
    assert.equal(
      consultationNotificationsFor('isco-540522')(TransferEvents.sent.subject, new Uint8Array([1, 2, 3])),
      undefined,
    );
    assert.throws(() => consultationNotificationsFor('isco-540522')(ANSWERED, event({ consultationId: '' })));
    assert.throws(() => consultationNotificationsFor('isco-540522')(ANSWERED, event({ iscoOrg: 'x' })));
  });
});
