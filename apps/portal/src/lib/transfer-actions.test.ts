import { describe, expect, it } from 'vitest';
import { allowedActions, type Person } from './transfer-actions';

const transfer = { senderOrg: 'proc-540522', receiverOrg: 'proc-540124', commonSuperiorOrg: 'proc-540000' };
const person = (organizationCode: string, ...roles: string[]): Person => ({
  organizationCode,
  roles: new Set(roles),
});

describe('allowedActions', () => {
  it('offers the receiver prosecutor accept and return, and only the chief an objection', () => {
    expect(allowedActions({ ...transfer, state: 'RECEIVED' }, person('proc-540124', 'prosecutor'))).toEqual([
      'accept',
      'return',
      'upload',
    ]);
    expect(allowedActions({ ...transfer, state: 'SENT' }, person('proc-540124', 'chief-prosecutor'))).toEqual(
      ['accept', 'return', 'object', 'upload'],
    );
  });
  it('offers the sender nothing to decide on its own transfer', () => {
    expect(allowedActions({ ...transfer, state: 'SENT' }, person('proc-540522', 'chief-prosecutor'))).toEqual(
      ['upload'],
    );
  });
  it('offers sending a draft, and attaching files to it, to its sender only', () => {
    expect(allowedActions({ ...transfer, state: 'DRAFT' }, person('proc-540522', 'prosecutor'))).toEqual([
      'send',
      'upload',
    ]);
    expect(allowedActions({ ...transfer, state: 'DRAFT' }, person('proc-540124', 'prosecutor'))).toEqual([]);
  });
  it('offers escalation to a party chief when there is a common superior, and designation to its chief', () => {
    expect(
      allowedActions({ ...transfer, state: 'OBJECTED' }, person('proc-540522', 'chief-prosecutor')),
    ).toContain('escalate');
    expect(
      allowedActions(
        { ...transfer, commonSuperiorOrg: null, state: 'OBJECTED' },
        person('proc-540522', 'chief-prosecutor'),
      ),
    ).not.toContain('escalate');
    expect(
      allowedActions({ ...transfer, state: 'ESCALATED' }, person('proc-540000', 'chief-prosecutor')),
    ).toEqual(['designate']);
    expect(allowedActions({ ...transfer, state: 'ESCALATED' }, person('proc-540000', 'prosecutor'))).toEqual(
      [],
    );
  });
  it('offers nothing on a final transfer, and nothing to a police officer or an outsider', () => {
    for (const state of ['ACCEPTED', 'RETURNED', 'RESOLVED', 'DESIGNATED']) {
      expect(allowedActions({ ...transfer, state }, person('proc-540124', 'chief-prosecutor'))).toEqual([]);
    }
    expect(allowedActions({ ...transfer, state: 'SENT' }, person('police-540522', 'police-liaison'))).toEqual(
      [],
    );
    expect(allowedActions({ ...transfer, state: 'SENT' }, person('proc-540500', 'chief-prosecutor'))).toEqual(
      [],
    );
  });
});
