import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/date-time.js';

/** What happened to a transfer: one value per transfer event (`yiti.evt.transfers.transfer.<event>.v1`). */
export enum TransferNotificationKind {
  SENT = 'SENT',
  RECEIVED = 'RECEIVED',
  ACCEPTED = 'ACCEPTED',
  RETURNED = 'RETURNED',
  OBJECTED = 'OBJECTED',
  CONSULTATION_STARTED = 'CONSULTATION_STARTED',
  RESOLVED = 'RESOLVED',
  ESCALATED = 'ESCALATED',
  DESIGNATED = 'DESIGNATED',
  OVERDUE = 'OVERDUE',
}
registerEnumType(TransferNotificationKind, {
  name: 'TransferNotificationKind',
  description: 'What happened to a transfer.',
  valuesMap: {
    SENT: { description: 'The sender sent it.' },
    RECEIVED: { description: 'The receiver acknowledged receipt.' },
    ACCEPTED: { description: 'The receiver accepted it.' },
    RETURNED: { description: 'The receiver returned it, with a coded reason.' },
    OBJECTED: { description: 'The receiver objected to it, with coded grounds.' },
    CONSULTATION_STARTED: { description: "A heads' consultation on the dispute was scheduled." },
    RESOLVED: { description: 'The dispute was resolved (accepted or retained).' },
    ESCALATED: { description: 'The dispute went to the common superior procuratorate.' },
    DESIGNATED: { description: 'The common superior designated the handling organization.' },
    OVERDUE: { description: 'A deadline passed without the action it waits for.' },
  },
});

@ObjectType('TransferNotification', {
  description: "Something happened to a transfer the caller's organization may see.",
})
export class TransferNotificationModel {
  @Field(() => TransferNotificationKind)
  kind: TransferNotificationKind;
  @Field({ description: 'The transfer (query it for its current state).' })
  transferId: string;
  @Field({ description: 'Organization code of the sender.' })
  senderOrg: string;
  @Field({ description: 'Organization code of the receiver.' })
  receiverOrg: string;
  @Field({
    description:
      'Organization code of whoever acted, or `system` when the service raised the event itself (OVERDUE).',
  })
  actorOrg: string;
  @Field(() => DateTimeScalar, { description: 'When it happened, RFC 3339.' })
  occurredAt: string;
  @Field(() => String, {
    nullable: true,
    description: 'The coded reason (RETURNED), grounds (OBJECTED) or missed deadline (OVERDUE); else null.',
  })
  code: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'For OVERDUE: when the missed deadline was due, RFC 3339.',
  })
  dueAt: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The organization that handles the case once decided (RESOLVED, DESIGNATED); else null.',
  })
  handlingOrg: string | null;
}
