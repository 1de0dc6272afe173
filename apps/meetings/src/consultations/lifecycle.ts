import { hasAnyRole, type Principal, type Role } from '@yiti/auth';
import type { ConsultationEventName } from './consultation-events.js';
import type {
  ConsultationStateCode,
  ConsultationTypeCode,
  PoliceConsultation,
} from './consultation.entity.js';
import { ConsultationErrors } from './consultations.errors.js';

/** Who may make a move: an organization's part in the consultation. `system` moves come from the clock. */
export type Side = 'police' | 'procuratorate' | 'system';

export interface MoveRule {
  readonly from: readonly ConsultationStateCode[];
  readonly to: ConsultationStateCode;
  readonly by: Side;
  /** Realm roles the acting user needs (any of them); empty = any user of that organization. */
  readonly roles: readonly Role[];
  /** The words in an error: "cannot be <verb>". */
  readonly verb: string;
  /** The event it emits. */
  readonly event: ConsultationEventName;
}

const PROSECUTORS: readonly Role[] = ['prosecutor', 'chief-prosecutor'];
const LIAISON: readonly Role[] = ['police-liaison'];

/**
 * Every move a consultation can make — the one place that says which state it starts from, where it goes, and
 * which organization and role may make it:
 *
 *   (logged by a police liaison officer at the county's ISCO) → open → answered → closed
 *                                                                 open → withdrawn (by the police)
 *   (a supervision matter, opened by a prosecutor with its demand: SUPERVISION) → answered → closed
 *
 * While open the police may edit it (it stays open); after the opinion neither edit nor withdrawal (CONFLICT).
 *
 * The opinion may start a follow-up clock (follow-up-clocks.ts); missing it marks the consultation overdue
 * without moving it, and a late response still closes it.
 */
export const MOVES = {
  // Before the opinion the police may still change what they logged (it stays open) or withdraw it.
  edit: {
    from: ['open'],
    to: 'open',
    by: 'police',
    roles: LIAISON,
    verb: 'edited',
    event: 'policeConsultationEdited',
  },
  withdraw: {
    from: ['open'],
    to: 'withdrawn',
    by: 'police',
    roles: LIAISON,
    verb: 'withdrawn',
    event: 'policeConsultationWithdrawn',
  },
  answer: {
    from: ['open'],
    to: 'answered',
    by: 'procuratorate',
    roles: PROSECUTORS,
    verb: 'answered',
    event: 'policeConsultationAnswered',
  },
  respond: {
    from: ['answered'],
    to: 'closed',
    by: 'police',
    roles: LIAISON,
    verb: 'given the police response',
    event: 'policeResponded',
  },
} as const satisfies Record<string, MoveRule>;

export type MoveName = keyof typeof MOVES;

/** The role that logs consultations (and the only one), checked with the caller's police bureau. */
export const LOGGING_ROLE: Role = 'police-liaison';

/**
 * The two-way direction: a prosecutor of the county's procuratorate opens a supervision matter to the county's
 * police bureau. It is born answered — the demand is its opinion, with the clock it sets — and closes with the
 * police response (`respond`), like any answered consultation.
 */
export const SUPERVISION: {
  readonly roles: readonly Role[];
  readonly types: readonly ConsultationTypeCode[];
  readonly state: ConsultationStateCode;
  readonly event: ConsultationEventName;
} = {
  roles: PROSECUTORS,
  types: ['filing-supervision', 'compulsory-measure-review'],
  state: 'answered',
  event: 'supervisionMatterOpened',
};

const STATE_WORDS: Record<ConsultationStateCode, string> = {
  open: 'waiting for the prosecutor’s opinion',
  answered: 'answered and waiting for the police response',
  closed: 'closed',
  withdrawn: 'withdrawn by the police',
};

/** Whether the caller's organization plays `side` in this consultation. */
export function playsSide(consultation: PoliceConsultation, org: string, side: Side): boolean {
  switch (side) {
    case 'police':
      return consultation.policeOrg === org;
    case 'procuratorate':
      return consultation.procuratorateOrg === org;
    case 'system':
      return false;
    default: {
      const unreachable: never = side;
      return unreachable;
    }
  }
}

/**
 * Refuses a move the caller may not make (FORBIDDEN: wrong organization or role) or the consultation's state
 * does not allow (CONFLICT).
 */
export function checkMove(consultation: PoliceConsultation, move: MoveName, principal: Principal): MoveRule {
  const rule: MoveRule = MOVES[move];
  if (rule.by === 'system' || !playsSide(consultation, principal.org, rule.by))
    throw ConsultationErrors.wrongOrganization(rule.verb, rule.by);
  if (rule.roles.length > 0 && !hasAnyRole(principal, rule.roles))
    throw ConsultationErrors.wrongRole(rule.verb, rule.roles);
  if (!rule.from.includes(consultation.state))
    throw ConsultationErrors.illegalMove(consultation.id, STATE_WORDS[consultation.state], rule.verb);
  return rule;
}
