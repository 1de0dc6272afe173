import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConsultationState } from '../consultations/consultations.models.js';
import { DateTimeScalar } from '../graphql/date-time.js';

/** What happened to a police consultation: one kind per event the meetings service announces. */
export enum ConsultationNotificationKind {
  LOGGED = 'LOGGED',
  ANSWERED = 'ANSWERED',
  RESPONDED = 'RESPONDED',
  FOLLOW_UP_OVERDUE = 'FOLLOW_UP_OVERDUE',
  EDITED = 'EDITED',
  WITHDRAWN = 'WITHDRAWN',
  SUPERVISION_OPENED = 'SUPERVISION_OPENED',
}
registerEnumType(ConsultationNotificationKind, {
  name: 'ConsultationNotificationKind',
  description: 'What happened to a police consultation.',
  valuesMap: {
    LOGGED: { description: 'A police liaison officer logged it at the ISCO.' },
    ANSWERED: { description: "The prosecutor's opinion (and any follow-up clock) was recorded." },
    RESPONDED: { description: 'The police recorded their response.' },
    FOLLOW_UP_OVERDUE: { description: 'The follow-up clock ran out without a response.' },
    EDITED: { description: 'The police changed it before the opinion.' },
    WITHDRAWN: { description: 'The police withdrew it before the opinion.' },
    SUPERVISION_OPENED: {
      description: 'A prosecutor opened a supervision matter to the police (it waits for their response).',
    },
  },
});

@ObjectType('ConsultationNotification', {
  description:
    'A police consultation the caller’s organization may see moved: what happened, its state now, and who acted. Query `consultation(id)` for the rest.',
})
export class ConsultationNotificationModel {
  @Field(() => ConsultationNotificationKind)
  kind: ConsultationNotificationKind;
  @Field(() => ID)
  consultationId: string;
  @Field({ description: 'The ISCO it was logged at.' })
  iscoOrg: string;
  @Field({ description: 'The police bureau that logged it.' })
  policeOrg: string;
  @Field({ description: 'The procuratorate that gives the opinion.' })
  procuratorateOrg: string;
  @Field(() => ConsultationState, { description: 'Its state after the event.' })
  state: ConsultationState;
  @Field(() => DateTimeScalar, { nullable: true, description: 'The follow-up clock’s end, if one runs.' })
  followUpDueAt: string | null;
  @Field(() => String, { nullable: true, description: 'Who acted; null for the follow-up clock.' })
  actor: string | null;
  @Field(() => String, { nullable: true, description: 'Their organization; null for the follow-up clock.' })
  actorOrg: string | null;
  @Field(() => DateTimeScalar, { description: 'When it happened, RFC 3339.' })
  occurredAt: string;
}
