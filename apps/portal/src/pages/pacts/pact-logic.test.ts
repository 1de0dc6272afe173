import { describe, expect, it } from 'vitest';
import {
  awaitsSignatureOf,
  contentOf,
  diffRows,
  divisionCodesOf,
  formValuesOf,
  groupedDigest,
  pactActions,
  signatureRows,
  type PactFacts,
  type Person,
} from './pact-logic';

const DIGEST = 'a'.repeat(64);
const person = (organizationCode: string, ...roles: string[]): Person => ({
  organizationCode,
  roles: new Set(roles),
});
const pact = (status: string, signedBy: string[] = [], extra: Partial<PactFacts> = {}): PactFacts => ({
  status,
  fullView: true,
  partyCodes: ['proc-540124', 'proc-540522'],
  versions: [
    {
      number: 2,
      digest: DIGEST,
      fullySigned: signedBy.length === 2,
      signatures: signedBy.map((orgCode) => ({ orgCode })),
    },
    {
      number: 1,
      digest: 'b'.repeat(64),
      fullySigned: true,
      signatures: [{ orgCode: 'proc-540124' }, { orgCode: 'proc-540522' }],
    },
  ],
  ...extra,
});

describe('pactActions', () => {
  it('offers a party chief the signature of a circulating version it has not signed', () => {
    expect(pactActions(pact('CIRCULATING'), person('proc-540522', 'chief-prosecutor'))).toEqual([
      'amend',
      'sign',
    ]);
    expect(
      pactActions(pact('IN_FORCE', ['proc-540124']), person('proc-540522', 'chief-prosecutor')),
    ).toContain('sign');
  });
  it('does not offer signing to a prosecutor, to a party that signed, or once every party has', () => {
    expect(pactActions(pact('CIRCULATING'), person('proc-540522', 'prosecutor'))).toEqual(['amend']);
    expect(
      pactActions(pact('CIRCULATING', ['proc-540522']), person('proc-540522', 'chief-prosecutor')),
    ).toEqual(['amend']);
    expect(
      pactActions(
        pact('IN_FORCE', ['proc-540522', 'proc-540124']),
        person('proc-540124', 'chief-prosecutor'),
      ),
    ).toEqual(['amend']);
  });
  it('offers revising and circulating a draft to its parties, and nothing to a superior or outsider', () => {
    expect(pactActions(pact('DRAFT'), person('proc-540124', 'prosecutor'))).toEqual(['revise', 'circulate']);
    expect(pactActions(pact('CIRCULATING'), person('proc-540500', 'chief-prosecutor'))).toEqual([]);
    expect(pactActions(pact('CIRCULATING'), person('police-540522', 'police-liaison'))).toEqual([]);
  });
  it('offers nothing on a terminated pact or on a public summary', () => {
    expect(pactActions(pact('TERMINATED'), person('proc-540522', 'chief-prosecutor'))).toEqual([]);
    expect(
      pactActions(
        pact('IN_FORCE', [], { fullView: false, status: null }),
        person('proc-540522', 'chief-prosecutor'),
      ),
    ).toEqual([]);
  });
});

describe('awaitsSignatureOf', () => {
  it('is false without a digest (the public summary)', () => {
    const p = pact('CIRCULATING');
    expect(awaitsSignatureOf(p, 'proc-540522')).toBe(true);
    expect(
      awaitsSignatureOf({ ...p, versions: [{ number: 1, digest: null, signatures: [] }] }, 'proc-540522'),
    ).toBe(false);
  });
});

describe('signatureRows', () => {
  it('lists every party per version, newest first, with its signature or none', () => {
    const rows = signatureRows(pact('CIRCULATING', ['proc-540124']));
    expect(rows.map((r) => [r.version, r.orgCode, r.signature !== null])).toEqual([
      [2, 'proc-540124', true],
      [2, 'proc-540522', false],
      [1, 'proc-540124', true],
      [1, 'proc-540522', true],
    ]);
  });
});

describe('diffRows', () => {
  it('orders clause changes and keeps only the side each change has', () => {
    const rows = diffRows([
      { number: 3, change: 'added', before: '', after: '新条款' },
      { number: 1, change: 'changed', before: '旧', after: '新' },
      { number: 2, change: 'removed', before: '删去', after: null },
    ]);
    expect(rows).toEqual([
      { key: 'clause-1', number: 1, change: 'changed', before: '旧', after: '新' },
      { key: 'clause-2', number: 2, change: 'removed', before: '删去', after: null },
      { key: 'clause-3', number: 3, change: 'added', before: null, after: '新条款' },
    ]);
  });
});

describe('contentOf and formValuesOf', () => {
  it('numbers the non-empty clauses 1, 2, 3 and reads the division codes typed', () => {
    const content = contentOf({
      titleZh: ' 协议 ',
      clauses: [{ text: '第一条' }, { text: '  ' }, undefined, { text: '第二条' }],
      effectiveFrom: '2027-01-01',
      divisionCodes: '540522, 540124\n540522',
      acknowledgeWithinDays: 2,
      decideWithinDays: 5,
    });
    expect(content.titleZh).toBe('协议');
    expect(content.clauses).toEqual([
      { number: 1, text: '第一条' },
      { number: 2, text: '第二条' },
    ]);
    expect(content.effectiveTo).toBeNull();
    expect(content.scope).toEqual({
      businessLines: [],
      caseCategories: [],
      divisionCodes: ['540522', '540124'],
    });
    expect(content.settings).toEqual({
      acknowledgeWithinDays: 2,
      decideWithinDays: 5,
      shareRecordsLookup: false,
    });
  });
  it('turns a version back into the same content', () => {
    const version = {
      titleZh: '协议',
      titleEn: 'Pact',
      clauses: [
        { number: 2, text: 'B' },
        { number: 1, text: 'A' },
      ],
      effectiveFrom: '2027-01-01',
      effectiveTo: '2028-01-01',
      scope: { businessLines: ['criminal'], caseCategories: [], divisionCodes: ['540522'], basinCode: null },
      settings: { acknowledgeWithinDays: 3, decideWithinDays: 10, shareRecordsLookup: true },
    };
    const content = contentOf(formValuesOf(version));
    expect(content.clauses.map((c) => c.text)).toEqual(['A', 'B']);
    expect(content.effectiveTo).toBe('2028-01-01');
    expect(content.scope.divisionCodes).toEqual(['540522']);
    expect(content.settings.shareRecordsLookup).toBe(true);
  });
  it('splits division codes at Chinese and Latin separators', () => {
    expect(divisionCodesOf('540522，540124、540500 ;540000')).toEqual([
      '540522',
      '540124',
      '540500',
      '540000',
    ]);
  });
});

describe('groupedDigest', () => {
  it('groups the hex digest by eight', () => {
    expect(groupedDigest('0123456789abcdef0123')).toBe('01234567 89abcdef 0123');
  });
});
