import { MAX_ATTENDEES, ORGANIZATION_CODE, TITLE_MAX_LENGTH, type MeetingDetails } from '@yiti/contracts';
import { inputCheck, type InputCheck } from '@yiti/messaging';
import type { InviteeJson, MeetingKindCode } from './meeting.entity.js';
import { KINDS } from './meetings.mapper.js';
import { isCalendarDate } from '@yiti/calendar';

/** RFC 3339 date-time with seconds and an offset (Z or ±hh:mm). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
/** A username as the identity provider issues them. */
export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** The longest a meeting may last. */
const MAX_DURATION_MS = 7 * 86_400_000;

export interface MeetingTime {
  startsAt: Date;
  endsAt: Date;
  location: string;
}

export interface CheckedDetails {
  kind: MeetingKindCode;
  title: string;
  /** Null only for a draft edited without giving it a time (ScheduleMeeting does that). */
  time: MeetingTime | null;
  /** The place when no time is given (a draft's planned location, possibly empty). */
  location: string;
  invitees: InviteeJson[];
}

/** The instant, or undefined when the text is not RFC 3339 or names a day or time that does not exist (2026-02-30). */
function parse(value: string): Date | undefined {
  if (!RFC3339.test(value)) return undefined;
  const instant = new Date(value);
  const [hours, minutes] = [Number(value.slice(11, 13)), Number(value.slice(14, 16))];
  const real =
    isCalendarDate(value.slice(0, 10)) && hours < 24 && minutes < 60 && Number(value.slice(17, 19)) < 60;
  return real && !Number.isNaN(instant.getTime()) ? instant : undefined;
}

/**
 * Checks a meeting's time and place. A start that changes must be in the future (`mustBeFuture`); the end
 * comes after the start, within a week.
 */
export function checkTime(
  check: InputCheck,
  prefix: string,
  given: { startsAt: string; endsAt: string; location: string },
  mustBeFuture: (startsAt: Date) => boolean,
  now = new Date(),
): MeetingTime | undefined {
  const startsAt = parse(given.startsAt);
  const endsAt = parse(given.endsAt);
  const location = given.location.trim();
  check
    .that(
      `${prefix}startsAt`,
      startsAt !== undefined,
      'must be an RFC 3339 date-time, e.g. 2026-05-12T09:30:00+08:00',
    )
    .that(`${prefix}endsAt`, endsAt !== undefined, 'must be an RFC 3339 date-time')
    .that(
      `${prefix}startsAt`,
      !startsAt || !mustBeFuture(startsAt) || startsAt > now,
      'must be in the future: a meeting cannot be scheduled in the past',
    )
    .that(`${prefix}endsAt`, !startsAt || !endsAt || endsAt > startsAt, 'must be after startsAt')
    .that(
      `${prefix}endsAt`,
      !startsAt || !endsAt || endsAt.getTime() - startsAt.getTime() <= MAX_DURATION_MS,
      'must be within 7 days of startsAt',
    )
    .required(`${prefix}location`, location)
    .maxLength(`${prefix}location`, location, TITLE_MAX_LENGTH);
  return startsAt && endsAt ? { startsAt, endsAt, location } : undefined;
}

function checkInvitees(check: InputCheck, invitees: MeetingDetails['invitees']): InviteeJson[] {
  const seen = new Set<string>();
  const list: InviteeJson[] = [];
  invitees.forEach((i, n) => {
    const username = i.username.trim();
    check
      .matches(`details.invitees[${n}].org`, i.org, ORGANIZATION_CODE, 'must be an organization code')
      .that(`details.invitees[${n}].username`, !username || USERNAME.test(username), 'must be a username');
    const key = `${i.org}/${username}`;
    if (!seen.has(key)) list.push({ org: i.org, username });
    seen.add(key);
  });
  check.that('details.invitees', invitees.length <= MAX_ATTENDEES, `must be at most ${MAX_ATTENDEES}`);
  return list;
}

/**
 * A meeting's details after the service's own checks (the gateway checked the same formats already). The
 * kind of an existing meeting never changes (`fixedKind`); a start that changes must be in the future.
 */
export function checkedDetails(
  details: MeetingDetails | undefined,
  options: { fixedKind?: MeetingKindCode; previousStart?: Date | null; timeOptional?: boolean } = {},
): CheckedDetails {
  const d = details ?? ({ invitees: [] } as unknown as MeetingDetails);
  const kind = KINDS.code(d.kind);
  const title = (d.title ?? '').trim();
  const check = inputCheck()
    .that('details', details !== undefined, 'is required')
    .that('details.kind', kind !== undefined, 'must be a meeting kind')
    .that(
      'details.kind',
      !options.fixedKind || !kind || kind === options.fixedKind,
      `cannot change: the meeting is a ${KINDS_WORDS[options.fixedKind ?? 'pact-liaison']}`,
    )
    .required('details.title', title)
    .maxLength('details.title', title, TITLE_MAX_LENGTH);
  const location = (d.location ?? '').trim();
  const untimed = options.timeOptional === true && !d.startsAt && !d.endsAt;
  const time = untimed
    ? null
    : checkTime(
        check,
        'details.',
        { startsAt: d.startsAt ?? '', endsAt: d.endsAt ?? '', location },
        (startsAt) => options.previousStart?.getTime() !== startsAt.getTime(),
      );
  if (untimed) check.maxLength('details.location', location, TITLE_MAX_LENGTH);
  const invitees = checkInvitees(check, d.invitees ?? []);
  check.done();
  return { kind: kind!, title, time: time ?? null, location, invitees };
}

const KINDS_WORDS: Record<MeetingKindCode, string> = {
  'heads-consultation': "heads' consultation",
  'prosecutors-joint': "prosecutors' joint meeting",
  'isco-consultation': 'ISCO consultation meeting',
  'pact-liaison': 'pact liaison meeting',
};

export const kindWords = (kind: MeetingKindCode) => KINDS_WORDS[kind];
