import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  canLog,
  canOpenSupervision,
  followUpChoices,
  followUpDeadline,
  iscoOf,
  seesConsultations,
} from './consultation-logic';

const c = { policeOrg: 'police-540522', procuratorateOrg: 'proc-540522' };
const caller = (org: string, ...roles: string[]) => ({ organizationCode: org, roles: new Set(roles) });
const police = caller('police-540522', 'police-liaison');
const prosecutor = caller('proc-540522', 'prosecutor');

describe('consultation moves', () => {
  it('offers the opinion to a prosecutor or chief of the county procuratorate while it is open', () => {
    expect(allowedActions({ ...c, state: 'OPEN' }, prosecutor)).toEqual(['opinion']);
    expect(allowedActions({ ...c, state: 'OPEN' }, caller('proc-540522', 'chief-prosecutor'))).toEqual([
      'opinion',
    ]);
    expect(allowedActions({ ...c, state: 'ANSWERED' }, prosecutor)).toEqual([]);
    expect(allowedActions({ ...c, state: 'OPEN' }, caller('proc-540124', 'prosecutor'))).toEqual([]);
    expect(allowedActions({ ...c, state: 'OPEN' }, caller('proc-540500', 'chief-prosecutor'))).toEqual([]);
    expect(allowedActions({ ...c, state: 'OPEN' }, caller('proc-540522', 'meeting-secretary'))).toEqual([]);
    expect(allowedActions({ ...c, state: 'OPEN' }, caller('isco-540522', 'meeting-secretary'))).toEqual([]);
  });
  it('offers the response to a liaison officer of the bureau once answered', () => {
    expect(allowedActions({ ...c, state: 'OPEN' }, police)).toEqual(['edit', 'withdraw']);
    expect(allowedActions({ ...c, state: 'WITHDRAWN' }, police)).toEqual([]);
    expect(allowedActions({ ...c, state: 'OPEN' }, caller('police-540124', 'police-liaison'))).toEqual([]);
    expect(allowedActions({ ...c, state: 'ANSWERED' }, police)).toEqual(['respond']);
    expect(allowedActions({ ...c, state: 'CLOSED' }, police)).toEqual([]);
    expect(allowedActions({ ...c, state: 'ANSWERED' }, caller('police-540124', 'police-liaison'))).toEqual(
      [],
    );
  });
  it('lets only police liaison officers log, at their own county’s ISCO', () => {
    expect(canLog(police)).toBe(true);
    expect(canLog(prosecutor)).toBe(false);
    expect(canLog(caller('proc-540522', 'police-liaison'))).toBe(false);
    expect(iscoOf('police-540522')).toBe('isco-540522');
    expect(iscoOf('isco-540522')).toBeUndefined();
  });
  it('lets prosecutors of a county procuratorate open supervision matters at its ISCO', () => {
    expect(canOpenSupervision(prosecutor)).toBe(true);
    expect(canOpenSupervision(caller('proc-540522', 'chief-prosecutor'))).toBe(true);
    expect(iscoOf('proc-540522')).toBe('isco-540522');
    expect(canOpenSupervision(caller('proc-540500', 'chief-prosecutor'))).toBe(false);
    expect(iscoOf('proc-540500')).toBeUndefined();
    expect(canOpenSupervision(caller('proc-540522', 'meeting-secretary'))).toBe(false);
    expect(canOpenSupervision(caller('police-540522', 'prosecutor'))).toBe(false);
  });
  it('shows the pages to police, prosecutors and ISCO staff', () => {
    expect(seesConsultations(police)).toBe(true);
    expect(seesConsultations(prosecutor)).toBe(true);
    expect(seesConsultations(caller('isco-540522', 'meeting-secretary'))).toBe(true);
    expect(seesConsultations(caller('proc-540500', 'records-auditor'))).toBe(false);
  });
});

describe('follow-up clocks', () => {
  it('are offered on filing supervision and compulsory-measure review, each its own', () => {
    expect(followUpChoices('FILING_SUPERVISION')).toEqual([
      'NONE',
      'EXPLAIN_NON_FILING',
      'FILE_AFTER_NOTICE',
    ]);
    expect(followUpChoices('COMPULSORY_MEASURE_REVIEW')).toEqual(['NONE', 'REPORT_MEASURE_HANDLING']);
    expect(followUpChoices('EARLY_INVOLVEMENT')).toEqual(['NONE']);
    expect(followUpChoices(undefined)).toEqual(['NONE']);
  });
  it('become a deadline that runs while answered and is overdue as the service marked it', () => {
    const base = {
      followUpDueAt: '2026-12-14T16:00:00Z',
      followUpDueLocalDate: '2026-12-14',
      followUpDueProvisional: false,
      followUpOverdue: false,
    };
    expect(followUpDeadline({ ...base, state: 'OPEN', followUpDueAt: null })).toBeUndefined();
    expect(followUpDeadline({ ...base, state: 'ANSWERED' })).toMatchObject({
      deadline: 'CONSULTATION',
      dueAt: base.followUpDueAt,
      localDate: '2026-12-14',
      overdueSince: null,
      running: true,
    });
    expect(followUpDeadline({ ...base, state: 'CLOSED', followUpOverdue: true })).toMatchObject({
      overdueSince: base.followUpDueAt,
      running: false,
    });
  });
});
