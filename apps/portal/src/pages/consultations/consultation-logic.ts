import type { DeadlineLike } from '../../lib/deadlines';
import type {
  ConsultationListFieldsFragment,
  ConsultationState,
  ConsultationType,
  FollowUp,
} from '../../graphql/consultations.generated';

export const CONSULTATION_TYPES: readonly ConsultationType[] = [
  'EARLY_INVOLVEMENT',
  'MAJOR_CASE_OPINION',
  'FILING_SUPERVISION',
  'COMPULSORY_MEASURE_REVIEW',
  'EVIDENCE_GUIDANCE',
];
export const CONSULTATION_STATES: readonly ConsultationState[] = ['OPEN', 'ANSWERED', 'CLOSED', 'WITHDRAWN'];
/** What a prosecutor may open to the police (the meetings service's SUPERVISION, lifecycle.ts there). */
export const SUPERVISION_TYPES: readonly ConsultationType[] = [
  'FILING_SUPERVISION',
  'COMPULSORY_MEASURE_REVIEW',
];

/** The criminal business line: consultations are about criminal cases (docs/meetings.md). */
export const CONSULTATION_BUSINESS_LINE = 'criminal';

/** Who is asking, as the session knows them. */
export interface Caller {
  readonly organizationCode: string;
  readonly roles: ReadonlySet<string>;
}

/** What a person may do on a consultation; the meetings service decides again (lifecycle.ts there). */
export type ConsultationAction = 'edit' | 'withdraw' | 'opinion' | 'respond';

const PROSECUTOR_ROLES = ['prosecutor', 'chief-prosecutor'];
const LIAISON_ROLE = 'police-liaison';

/** Only a police liaison officer of a police bureau logs consultations. */
export function canLog(caller: Caller): boolean {
  return caller.roles.has(LIAISON_ROLE) && caller.organizationCode.startsWith('police-');
}

/**
 * The ISCO of a county's police bureau or procuratorate: police-540522 or proc-540522 → isco-540522 (the only one
 * it may log at or open a supervision matter at). A city's or region's (…00) has none.
 */
export function iscoOf(org: string): string | undefined {
  const m = /^(?:police|proc)-(\d{4}(?!00)\d{2})$/.exec(org);
  return m ? `isco-${m[1]}` : undefined;
}

/** A prosecutor (or chief) of a county procuratorate opens supervision matters to the county's police. */
export function canOpenSupervision(caller: Caller): boolean {
  return (
    PROSECUTOR_ROLES.some((r) => caller.roles.has(r)) &&
    caller.organizationCode.startsWith('proc-') &&
    iscoOf(caller.organizationCode) !== undefined
  );
}

/** Whether the consultations pages concern the person at all (the menu shows them only then). */
export function seesConsultations(caller: Caller): boolean {
  return (
    canLog(caller) ||
    PROSECUTOR_ROLES.some((r) => caller.roles.has(r)) ||
    caller.organizationCode.startsWith('isco-')
  );
}

/**
 * The moves the person may make: while it is open, editing or withdrawing it by a liaison officer of the bureau
 * that logged it and the opinion by a prosecutor (or chief) of the county's procuratorate; once answered, the
 * response by that bureau's liaison officer.
 */
export function allowedActions(
  c: Pick<ConsultationListFieldsFragment, 'state' | 'policeOrg' | 'procuratorateOrg'>,
  caller: Caller,
): ConsultationAction[] {
  const actions: ConsultationAction[] = [];
  if (c.state === 'OPEN' && caller.organizationCode === c.policeOrg && caller.roles.has(LIAISON_ROLE))
    actions.push('edit', 'withdraw');
  if (
    c.state === 'OPEN' &&
    caller.organizationCode === c.procuratorateOrg &&
    PROSECUTOR_ROLES.some((r) => caller.roles.has(r))
  )
    actions.push('opinion');
  if (c.state === 'ANSWERED' && caller.organizationCode === c.policeOrg && caller.roles.has(LIAISON_ROLE))
    actions.push('respond');
  return actions;
}

/**
 * The follow-up clocks an opinion may set (follow-up-clocks.ts in the meetings service): filing supervision's
 * two, compulsory-measure review's one; every other type NONE only.
 */
export function followUpChoices(type: ConsultationType | undefined): FollowUp[] {
  switch (type) {
    case 'FILING_SUPERVISION':
      return ['NONE', 'EXPLAIN_NON_FILING', 'FILE_AFTER_NOTICE'];
    case 'COMPULSORY_MEASURE_REVIEW':
      return ['NONE', 'REPORT_MEASURE_HANDLING'];
    default:
      return ['NONE'];
  }
}

/**
 * The follow-up clock as a deadline DeadlineCountdown shows; none without a clock. Met once the police
 * responded (the consultation is closed); overdue as the service marked it.
 */
export function followUpDeadline(
  c: Pick<
    ConsultationListFieldsFragment,
    'state' | 'followUpDueAt' | 'followUpDueLocalDate' | 'followUpDueProvisional' | 'followUpOverdue'
  >,
): (DeadlineLike & { running: boolean }) | undefined {
  if (!c.followUpDueAt) return undefined;
  return {
    deadline: 'CONSULTATION',
    dueAt: c.followUpDueAt,
    localDate: c.followUpDueLocalDate ?? '',
    provisional: c.followUpDueProvisional,
    overdueSince: c.followUpOverdue ? c.followUpDueAt : null,
    running: c.state === 'ANSWERED',
  };
}
