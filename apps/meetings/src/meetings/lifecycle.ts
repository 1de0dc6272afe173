import { hasAnyRole, type Principal, type Role } from '@yiti/auth';
import type { AttendeeJson, Meeting, MeetingStateCode } from './meeting.entity.js';
import { MeetingErrors } from './meetings.errors.js';

/**
 * Who may make a move: the host organization's meeting secretary, an attendee marked present (matched by the
 * verified token's username and organization), or the system (an event from another service, or the service
 * itself when the last signature completes the minutes).
 */
export type By = 'host-secretary' | 'present-attendee' | 'system';

/** The meeting events a move announces (MeetingEvents in @yiti/contracts). */
export type MeetingEventName = 'scheduled' | 'concluded' | 'minutesApproved' | 'cancelled';

export interface MoveRule {
  readonly from: readonly MeetingStateCode[];
  /** Where it goes; undefined = an edit that keeps the state. */
  readonly to?: MeetingStateCode;
  readonly by: By;
  /** Realm roles the acting user needs (any of them); empty = any user the `by` side admits. */
  readonly roles: readonly Role[];
  /** The words in an error: "cannot be <verb>". */
  readonly verb: string;
  /** The event it emits, if any. */
  readonly event?: MeetingEventName;
}

const SECRETARY: readonly Role[] = ['meeting-secretary'];

/**
 * How early a scheduled meeting may be started: from this many minutes before its `startsAt` (any time after
 * it, too — a meeting may start late). Earlier is CONFLICT, saying from when it may start.
 */
export const START_EARLIEST_MINUTES_BEFORE = 60;
const OPEN: readonly MeetingStateCode[] = ['draft', 'scheduled', 'in-session'];

/**
 * Every move a meeting can make, and every edit — the one place that says from which states, where to, and
 * who may make it:
 *
 *   (objection) → draft → scheduled → in-session → concluded → minutes-approved
 *   (create) ────────────↗       draft | scheduled | in-session → cancelled
 *
 * A scheduled meeting is started from START_EARLIEST_MINUTES_BEFORE (60) minutes before its start on
 * (checkStartTime). Agenda items may be recorded from the draft on; what was decided on them (decision, opinions, referral,
 * outcome, action items) only in session (agenda.ts). Minutes are written once concluded and signed by the
 * attendees present; the last valid signature approves them.
 */
export const MOVES = {
  update: { from: ['draft', 'scheduled'], by: 'host-secretary', roles: SECRETARY, verb: 'edited' },
  schedule: {
    from: ['draft'],
    to: 'scheduled',
    by: 'host-secretary',
    roles: SECRETARY,
    verb: 'scheduled',
    event: 'scheduled',
  },
  start: { from: ['scheduled'], to: 'in-session', by: 'host-secretary', roles: SECRETARY, verb: 'started' },
  recordAttendance: {
    from: ['scheduled', 'in-session'],
    by: 'host-secretary',
    roles: SECRETARY,
    verb: 'given an attendance list',
  },
  recordAgendaItem: {
    from: OPEN,
    by: 'host-secretary',
    roles: SECRETARY,
    verb: 'given agenda items',
  },
  conclude: {
    from: ['in-session'],
    to: 'concluded',
    by: 'host-secretary',
    roles: SECRETARY,
    verb: 'concluded',
    event: 'concluded',
  },
  writeMinutes: { from: ['concluded'], by: 'host-secretary', roles: SECRETARY, verb: 'given minutes' },
  sign: { from: ['concluded'], by: 'present-attendee', roles: [], verb: 'signed' },
  approveMinutes: {
    from: ['concluded'],
    to: 'minutes-approved',
    by: 'system',
    roles: [],
    verb: 'approved',
    event: 'minutesApproved',
  },
  cancel: {
    from: OPEN,
    to: 'cancelled',
    by: 'host-secretary',
    roles: SECRETARY,
    verb: 'cancelled',
    event: 'cancelled',
  },
} as const satisfies Record<string, MoveRule>;

export type MoveName = keyof typeof MOVES;

const STATE_WORDS: Record<MeetingStateCode, string> = {
  draft: 'a draft',
  scheduled: 'scheduled',
  'in-session': 'in session',
  concluded: 'concluded',
  'minutes-approved': 'concluded with approved minutes',
  cancelled: 'cancelled',
};

/** A state in words, for error messages. */
export const describeState = (state: MeetingStateCode) => STATE_WORDS[state];

/** The attendee marked present that the caller is (same username and organization), if any. */
export function presentAttendee(meeting: Meeting, principal: Principal): AttendeeJson | undefined {
  return meeting.attendees.find(
    (a) => a.present && a.username === principal.username && a.org === principal.org,
  );
}

/** Whether the caller is on the `by` side of this meeting. */
export function isOnSide(meeting: Meeting, principal: Principal, by: By): boolean {
  switch (by) {
    case 'host-secretary':
      return meeting.hostOrg === principal.org;
    case 'present-attendee':
      return presentAttendee(meeting, principal) !== undefined;
    case 'system':
      return false;
    default: {
      const unreachable: never = by;
      return unreachable;
    }
  }
}

/**
 * Refuses a move the caller may not make (FORBIDDEN: wrong organization, role or not a present attendee) or
 * the meeting's state does not allow (CONFLICT). `principal` undefined = the system moves it.
 */
export function checkMove(meeting: Meeting, move: MoveName, principal: Principal | undefined): MoveRule {
  const rule: MoveRule = MOVES[move];
  checkWho(meeting, rule, principal);
  checkState(meeting, rule);
  return rule;
}

export function checkWho(meeting: Meeting, rule: MoveRule, principal: Principal | undefined): void {
  if (!principal) return;
  if (rule.by === 'system' || !isOnSide(meeting, principal, rule.by))
    throw MeetingErrors.wrongSide(rule.verb, rule.by);
  if (rule.roles.length > 0 && !hasAnyRole(principal, rule.roles))
    throw MeetingErrors.wrongRole(rule.verb, rule.roles);
}

export function checkState(meeting: Meeting, rule: MoveRule): void {
  if (!rule.from.includes(meeting.state))
    throw MeetingErrors.illegalMove(meeting.id, STATE_WORDS[meeting.state], rule.verb);
}

/** The earliest instant a meeting starting at `startsAt` may be started. */
export const earliestStart = (startsAt: Date) =>
  new Date(startsAt.getTime() - START_EARLIEST_MINUTES_BEFORE * 60_000);

/** Refuses (CONFLICT) to start a meeting more than START_EARLIEST_MINUTES_BEFORE minutes before its start. */
export function checkStartTime(meeting: Meeting, now = new Date()): void {
  if (meeting.startsAt && now < earliestStart(meeting.startsAt))
    throw MeetingErrors.tooEarlyToStart(meeting.id, meeting.startsAt, earliestStart(meeting.startsAt));
}
