import type { AttendeeJson, Meeting } from './meeting.entity.js';

const PROSECUTOR_ROLES = new Set<AttendeeJson['role']>(['prosecutor', 'chief-prosecutor']);

/**
 * The organizations whose chief prosecutors make a heads' consultation's quorum: the disputed transfer's
 * sender and receiver for one made for an objection, else the host and every invited organization.
 */
export function headsParties(meeting: Meeting): string[] {
  if (meeting.transferParties && meeting.transferParties.length > 0) return [...meeting.transferParties];
  return [...new Set([meeting.hostOrg, ...meeting.invitees.map((i) => i.org)])];
}

/**
 * What the attendance lacks for the meeting's kind to decide anything (proto MeetingKind), in words; undefined
 * when the quorum is there:
 * - heads' consultation (三长会商): a chief prosecutor present from each party organization;
 * - prosecutors' joint meeting (检察官联席会议): at least 3 prosecutors (or chief prosecutors) present;
 * - ISCO consultation: at least one prosecutor and one police officer present;
 * - pact liaison: attendees present from at least two organizations.
 */
export function missingForQuorum(meeting: Meeting): string | undefined {
  const present = meeting.attendees.filter((a) => a.present);
  const prosecutors = present.filter((a) => PROSECUTOR_ROLES.has(a.role)).length;
  switch (meeting.kind) {
    case 'heads-consultation': {
      const missing = headsParties(meeting).filter(
        (org) => !present.some((a) => a.org === org && a.role === 'chief-prosecutor'),
      );
      return missing.length > 0
        ? `no chief prosecutor present from ${missing.join(', ')} (a heads' consultation needs one from each party)`
        : undefined;
    }
    case 'prosecutors-joint':
      return prosecutors < 3
        ? `${prosecutors} prosecutor(s) present, a prosecutors' joint meeting needs at least 3`
        : undefined;
    case 'isco-consultation': {
      const lacks = [
        prosecutors < 1 ? 'a prosecutor' : '',
        present.some((a) => a.role === 'police') ? '' : 'a police officer',
      ].filter(Boolean);
      return lacks.length > 0
        ? `no ${lacks.join(' and no ')} present (an ISCO consultation needs both)`
        : undefined;
    }
    case 'pact-liaison': {
      const orgs = new Set(present.map((a) => a.org)).size;
      return orgs < 2
        ? `attendees present from ${orgs} organization(s), a pact liaison meeting needs at least 2`
        : undefined;
    }
    default: {
      const unreachable: never = meeting.kind;
      return unreachable;
    }
  }
}
