import { describe, expect, it } from 'vitest';
import {
  bySoonest,
  missingForQuorum,
  roleOf,
  shanghaiLocal,
  shanghaiRfc3339,
  timeProblem,
} from './meeting-logic';

const base = { hostOrg: 'proc-540522', invitees: [{ org: 'proc-540124' }] };
const present = (org: string, role: string) => ({ org, role, present: true });

describe('meeting logic', () => {
  it('reads a datetime-local value as Shanghai time and back', () => {
    expect(shanghaiRfc3339('2026-05-12T09:30')).toBe('2026-05-12T09:30:00+08:00');
    expect(shanghaiRfc3339('nonsense')).toBeNull();
    expect(shanghaiLocal(new Date('2026-05-12T01:30:00Z'))).toBe('2026-05-12T09:30');
  });

  it('takes the attendee role from the directory roles, chief before prosecutor', () => {
    expect(roleOf(['prosecutor', 'chief-prosecutor'])).toBe('CHIEF_PROSECUTOR');
    expect(roleOf(['police-liaison'])).toBe('POLICE');
    expect(roleOf(['records-auditor'])).toBe('OTHER');
  });

  it('says what the quorum lacks, per kind, as the service counts it', () => {
    const two = [present('proc-540522', 'PROSECUTOR'), present('proc-540124', 'CHIEF_PROSECUTOR')];
    expect(missingForQuorum({ ...base, kind: 'PROSECUTORS_JOINT', attendees: two })).toEqual({
      kind: 'prosecutors',
      present: 2,
      needed: 3,
    });
    expect(
      missingForQuorum({
        ...base,
        kind: 'PROSECUTORS_JOINT',
        attendees: [...two, present('proc-540124', 'PROSECUTOR')],
      }),
    ).toBeNull();
    expect(
      missingForQuorum({
        ...base,
        kind: 'PROSECUTORS_JOINT',
        attendees: [...two, { org: 'proc-540124', role: 'PROSECUTOR', present: false }],
      }),
    ).not.toBeNull();
    expect(missingForQuorum({ ...base, kind: 'HEADS_CONSULTATION', attendees: two })).toEqual({
      kind: 'chiefFrom',
      orgs: ['proc-540522'],
    });
    expect(
      missingForQuorum({ ...base, kind: 'ISCO_CONSULTATION', attendees: [present('isco-540522', 'OTHER')] }),
    ).toEqual({ kind: 'prosecutorAndPolice', prosecutor: false, police: false });
    expect(missingForQuorum({ ...base, kind: 'PACT_LIAISON', attendees: two })).toBeNull();
  });

  it('orders meetings soonest first, drafts without a time last', () => {
    const items = [
      { startsAt: null },
      { startsAt: '2026-05-13T01:00:00Z' },
      { startsAt: '2026-05-12T01:00:00Z' },
    ];
    expect(bySoonest(items).map((m) => m.startsAt)).toEqual([
      '2026-05-12T01:00:00Z',
      '2026-05-13T01:00:00Z',
      null,
    ]);
  });
});

describe('a meeting time before it is sent', () => {
  const now = Date.parse('2026-12-04T10:00:00+08:00');
  it('refuses a new start in the past, an end before the start and more than 7 days', () => {
    expect(timeProblem('2026-12-04T09:00:00+08:00', '2026-12-04T11:00:00+08:00', null, now)).toBe('past');
    expect(timeProblem('2026-12-05T09:00:00+08:00', '2026-12-05T09:00:00+08:00', null, now)).toBe(
      'endBeforeStart',
    );
    expect(timeProblem('2026-12-05T09:00:00+08:00', '2026-12-12T09:00:01+08:00', null, now)).toBe('tooLong');
    expect(timeProblem('2026-12-05T09:00:00+08:00', '2026-12-05T11:00:00+08:00', null, now)).toBeNull();
  });
  it('lets a start that does not change stay in the past', () => {
    expect(
      timeProblem('2026-12-04T09:00:00+08:00', '2026-12-04T11:00:00+08:00', '2026-12-04T01:00:00Z', now),
    ).toBeNull();
  });
});
