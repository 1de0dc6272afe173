import { describe, expect, it } from 'vitest';
import { consultationRows, divisionPrefix, meetingRows, officesInReach, pactRows } from './statistics-logic';

const org = (code: string, kind: string, active = true) => ({ code, kind, active });
const ORGS = [
  org('proc-540000', 'PROCURATORATE'),
  org('proc-540500', 'PROCURATORATE'),
  org('isco-540500', 'ISCO'),
  org('proc-540522', 'PROCURATORATE'),
  org('isco-540522', 'ISCO'),
  org('police-540522', 'POLICE'),
  org('isco-540521', 'ISCO'),
  org('isco-540523', 'ISCO', false),
  org('proc-540100', 'PROCURATORATE'),
];

describe('offices in reach', () => {
  it('reads the division an organization code names', () => {
    expect(divisionPrefix('proc-540000')).toBe('54');
    expect(divisionPrefix('proc-540500')).toBe('5405');
    expect(divisionPrefix('isco-540522')).toBe('540522');
  });

  it('are the active offices of the kinds asked, in the own division and below it', () => {
    expect(officesInReach(ORGS, 'proc-540500', ['ISCO']).map((o) => o.code)).toEqual([
      'isco-540500',
      'isco-540521',
      'isco-540522',
    ]);
    expect(officesInReach(ORGS, 'police-540522', ['ISCO']).map((o) => o.code)).toEqual(['isco-540522']);
    expect(officesInReach(ORGS, 'proc-540100', ['ISCO'])).toEqual([]);
    expect(officesInReach(ORGS, 'proc-540000', ['PROCURATORATE']).map((o) => o.code)).toEqual([
      'proc-540000',
      'proc-540100',
      'proc-540500',
      'proc-540522',
    ]);
  });
});

describe('statistics rows', () => {
  it('give every office a row, zeros where nothing was counted, then offices counted from elsewhere', () => {
    const rows = consultationRows(
      [
        { iscoOrg: 'isco-540522', consultations: 3, casesConsulted: 2, meetingsHeld: 1, overdueFollowUps: 1 },
        { iscoOrg: 'isco-540622', consultations: 1, casesConsulted: 1, meetingsHeld: 0, overdueFollowUps: 0 },
      ],
      ['isco-540521', 'isco-540522'],
    );
    expect(rows).toEqual([
      { org: 'isco-540521', consultations: 0, casesConsulted: 0, meetingsHeld: 0, overdueFollowUps: 0 },
      { org: 'isco-540522', consultations: 3, casesConsulted: 2, meetingsHeld: 1, overdueFollowUps: 1 },
      { org: 'isco-540622', consultations: 1, casesConsulted: 1, meetingsHeld: 0, overdueFollowUps: 0 },
    ]);
  });

  it('put the meeting kinds in columns and add up a host over its kinds', () => {
    const kinds = ['HEADS_CONSULTATION', 'ISCO_CONSULTATION'];
    const rows = meetingRows(
      [
        {
          hostOrg: 'proc-540522',
          kind: 'HEADS_CONSULTATION',
          meetingsHeld: 2,
          casesDiscussed: 2,
          referredToCommittee: 1,
        },
        {
          hostOrg: 'proc-540522',
          kind: 'ISCO_CONSULTATION',
          meetingsHeld: 1,
          casesDiscussed: 3,
          referredToCommittee: 0,
        },
      ],
      ['proc-540521', 'proc-540522'],
      kinds,
    );
    expect(rows).toEqual([
      {
        org: 'proc-540521',
        held: { HEADS_CONSULTATION: 0, ISCO_CONSULTATION: 0 },
        total: 0,
        casesDiscussed: 0,
        referredToCommittee: 0,
      },
      {
        org: 'proc-540522',
        held: { HEADS_CONSULTATION: 2, ISCO_CONSULTATION: 1 },
        total: 3,
        casesDiscussed: 5,
        referredToCommittee: 1,
      },
    ]);
  });

  it('list every pact in force, then other pacts used, then the default rules when used', () => {
    const zero = { sent: 0, accepted: 0, returned: 0, objected: 0, overdue: 0 };
    const rows = pactRows(
      [
        { key: null, ...zero, sent: 2 },
        { key: 'SN-2025-01', ...zero, sent: 4, accepted: 3 },
        { key: 'OLD-2020', ...zero, sent: 1, overdue: 1 },
      ],
      ['SN-2025-01', 'SN-2026-02'],
    );
    expect(rows).toEqual([
      { pact: 'SN-2025-01', ...zero, sent: 4, accepted: 3 },
      { pact: 'SN-2026-02', ...zero },
      { pact: 'OLD-2020', ...zero, sent: 1, overdue: 1 },
      { pact: '', ...zero, sent: 2 },
    ]);
    expect(pactRows([], ['SN-2026-02'])).toEqual([{ pact: 'SN-2026-02', ...zero }]);
  });
});
