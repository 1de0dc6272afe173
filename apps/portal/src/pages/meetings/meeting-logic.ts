/** The pure parts of the meetings pages: times in Asia/Shanghai, attendee roles, the quorum's missing part. */

export const MEETING_KINDS = [
  'PROSECUTORS_JOINT',
  'HEADS_CONSULTATION',
  'ISCO_CONSULTATION',
  'PACT_LIAISON',
] as const;
export type Kind = (typeof MEETING_KINDS)[number];
export const ATTENDEE_ROLES = ['CHIEF_PROSECUTOR', 'PROSECUTOR', 'POLICE', 'SECRETARY', 'OTHER'] as const;
export type Role = (typeof ATTENDEE_ROLES)[number];
export const UPCOMING_STATES = ['DRAFT', 'SCHEDULED', 'IN_SESSION'] as const;
export const PAST_STATES = ['CONCLUDED', 'MINUTES_APPROVED', 'CANCELLED'] as const;

/** A `datetime-local` value (2026-05-12T09:30) read as Shanghai's wall clock: 2026-05-12T09:30:00+08:00. */
export function shanghaiRfc3339(local: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/.exec(local);
  return m ? `${m[1]}T${m[2]}:00+08:00` : null;
}

/** An instant as a `datetime-local` value on Shanghai's wall clock. */
export function shanghaiLocal(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** The capacity a person attends in, from their directory roles. */
export function roleOf(roles: readonly string[]): Role {
  if (roles.includes('chief-prosecutor')) return 'CHIEF_PROSECUTOR';
  if (roles.includes('prosecutor')) return 'PROSECUTOR';
  if (roles.includes('police-liaison')) return 'POLICE';
  if (roles.includes('meeting-secretary')) return 'SECRETARY';
  return 'OTHER';
}

export type Missing =
  | { kind: 'chiefFrom'; orgs: string[] }
  | { kind: 'prosecutors'; present: number; needed: number }
  | { kind: 'prosecutorAndPolice'; prosecutor: boolean; police: boolean }
  | { kind: 'organizations'; present: number; needed: number };

interface QuorumMeeting {
  kind: string;
  hostOrg: string;
  invitees: readonly { org: string }[];
  attendees: readonly { org: string; role: string; present: boolean }[];
}

/**
 * What the recorded attendance lacks for the kind's quorum (the service's rule, apps/meetings quorum.ts), so the
 * portal can say it in the person's language; null when the quorum is there. A heads' consultation's parties are
 * the host and the invited organizations (the ones made for an objection invite exactly the transfer's parties).
 */
export function missingForQuorum(m: QuorumMeeting): Missing | null {
  const present = m.attendees.filter((a) => a.present);
  const prosecutors = present.filter((a) => a.role === 'PROSECUTOR' || a.role === 'CHIEF_PROSECUTOR').length;
  switch (m.kind) {
    case 'HEADS_CONSULTATION': {
      const parties = [...new Set([m.hostOrg, ...m.invitees.map((i) => i.org)])];
      const orgs = parties.filter(
        (org) => !present.some((a) => a.org === org && a.role === 'CHIEF_PROSECUTOR'),
      );
      return orgs.length > 0 ? { kind: 'chiefFrom', orgs } : null;
    }
    case 'PROSECUTORS_JOINT':
      return prosecutors < 3 ? { kind: 'prosecutors', present: prosecutors, needed: 3 } : null;
    case 'ISCO_CONSULTATION': {
      const police = present.some((a) => a.role === 'POLICE');
      return prosecutors < 1 || !police
        ? { kind: 'prosecutorAndPolice', prosecutor: prosecutors >= 1, police }
        : null;
    }
    case 'PACT_LIAISON': {
      const orgs = new Set(present.map((a) => a.org)).size;
      return orgs < 2 ? { kind: 'organizations', present: orgs, needed: 2 } : null;
    }
    default:
      return null;
  }
}

/** Soonest first; a draft without a time last. */
export function bySoonest<T extends { startsAt?: string | null }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    if (!a.startsAt) return b.startsAt ? 1 : 0;
    if (!b.startsAt) return -1;
    return Date.parse(a.startsAt) - Date.parse(b.startsAt);
  });
}

/** Which item a recorded subject is: a transfer, a case number, a consultation or none. */
export type Subject = 'none' | 'transfer' | 'case' | 'consultation';
export function subjectOf(item: {
  transferId?: string | null;
  caseNumber?: string | null;
  consultationId?: string | null;
}): { subject: Subject; value: string } {
  if (item.transferId) return { subject: 'transfer', value: item.transferId };
  if (item.caseNumber) return { subject: 'case', value: item.caseNumber };
  if (item.consultationId) return { subject: 'consultation', value: item.consultationId };
  return { subject: 'none', value: '' };
}

/** What is wrong with a meeting's time, as the service would refuse it (said before sending, in the person's language). */
export type TimeProblem = 'past' | 'endBeforeStart' | 'tooLong';
export function timeProblem(
  startsAt: string,
  endsAt: string,
  previousStart: string | null | undefined,
  now = Date.now(),
): TimeProblem | null {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  // Only a start that changes must be in the future (a meeting running late keeps its time).
  if (start <= now && (!previousStart || Date.parse(previousStart) !== start)) return 'past';
  if (end <= start) return 'endBeforeStart';
  if (end - start > 7 * 86_400_000) return 'tooLong';
  return null;
}
