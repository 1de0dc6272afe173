import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/date-time.js';
import { RecordLookupPurpose } from '../records/records.models.js';

/** How the other organization looked the holder's persons up. */
export enum RecordLookupKind {
  CITIZEN_ID = 'CITIZEN_ID',
  NAME = 'NAME',
  DETAIL = 'DETAIL',
}
registerEnumType(RecordLookupKind, {
  name: 'RecordLookupKind',
  description: 'Which kind of offender-record lookup returned the records.',
  valuesMap: {
    CITIZEN_ID: { description: 'A lookup by exact citizen ID (`recordLookupByCitizenId`).' },
    NAME: { description: 'A search by name (`recordSearchByName`).' },
    DETAIL: { description: 'A full-record view (`recordPersonDetail`).' },
  },
});

@ObjectType('RecordLookupNotification', {
  description:
    "Another organization's offender-record lookup returned records the caller's organization holds: one notification per lookup, for the holder.",
})
export class RecordLookupNotificationModel {
  @Field(() => ID, { description: 'The audit entry the records service wrote for the lookup.' })
  auditId: string;
  @Field(() => RecordLookupKind, { description: 'How the records were looked up.' })
  kind: RecordLookupKind;
  @Field({ description: 'Organization code of the holder: the caller’s organization.' })
  holderOrg: string;
  @Field(() => [ID], { description: "The holder's persons the lookup returned." })
  personIds: string[];
  @Field({ description: 'Username of who looked up.' })
  actor: string;
  @Field({ description: 'Organization code of who looked up.' })
  actorOrg: string;
  @Field(() => RecordLookupPurpose, { description: 'The purpose stated for the lookup.' })
  purpose: RecordLookupPurpose;
  @Field({ description: 'The case number stated for the lookup.' })
  caseNumber: string;
  @Field(() => DateTimeScalar, { description: 'When the lookup was made, RFC 3339.' })
  occurredAt: string;
}
