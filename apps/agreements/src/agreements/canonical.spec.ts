import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgreementStatus } from '@yiti/contracts';
import type { VersionContentJson } from './agreement-version.entity.js';
import { canonicalText, diffContent, versionDigest } from './canonical.js';
import { statusOf, todayInShanghai, versionInForce } from './lifecycle.js';

const content: VersionContentJson = {
  titleZh: '协作意见',
  titleEn: '',
  scope: {
    businessLines: ['criminal'],
    caseCategories: ['b', 'a'],
    divisionCodes: ['540522'],
    basinCode: '',
  },
  clauses: [
    { number: 2, text: '第二条' },
    { number: 1, text: '第一条' },
  ],
  effectiveFrom: '2025-01-01',
  effectiveTo: '',
  settings: { acknowledgeWithinDays: 3, decideWithinDays: 10, shareRecordsLookup: true },
};
const id = { code: 'pact', kind: 'river-basin-pact', partyCodes: ['proc-540522', 'proc-540124'], number: 1 };

describe('canonical text and digest', () => {
  it('does not depend on the order things were stored in', () => {
    const reordered: VersionContentJson = {
      ...content,
      scope: { ...content.scope, caseCategories: ['a', 'b'] },
      clauses: [...content.clauses].reverse(),
      settings: { shareRecordsLookup: true, decideWithinDays: 10, acknowledgeWithinDays: 3 },
    };
    assert.equal(canonicalText(id, reordered), canonicalText(id, content));
    assert.equal(
      versionDigest({ ...id, partyCodes: [...id.partyCodes].reverse() }, content),
      versionDigest(id, content),
    );
  });

  it('changes with any signed detail', () => {
    const digest = versionDigest(id, content);
    assert.match(digest, /^[0-9a-f]{64}$/);
    assert.notEqual(versionDigest({ ...id, number: 2 }, content), digest);
    assert.notEqual(
      versionDigest(id, { ...content, clauses: [{ number: 1, text: '第一条。' }, content.clauses[0]!] }),
      digest,
    );
    assert.notEqual(
      versionDigest(id, { ...content, settings: { ...content.settings, decideWithinDays: 11 } }),
      digest,
    );
    assert.notEqual(versionDigest({ ...id, partyCodes: ['proc-540522', 'proc-540100'] }, content), digest);
  });

  it('diffs clauses and fields', () => {
    const next: VersionContentJson = {
      ...content,
      effectiveTo: '2030-12-31',
      clauses: [
        { number: 1, text: '第一条（修订）' },
        { number: 3, text: '第三条' },
      ],
    };
    const diff = diffContent(content, next);
    assert.deepEqual(
      diff.clauses.map((c) => [c.number, c.change]),
      [
        [1, 'changed'],
        [2, 'removed'],
        [3, 'added'],
      ],
    );
    assert.deepEqual(diff.fields, [{ field: 'effectiveTo', before: '', after: '2030-12-31' }]);
  });
});

describe('lifecycle', () => {
  const v = (number: number, effectiveFrom: string, effectiveTo: string | null, fullySigned = true) => ({
    number,
    effectiveFrom,
    effectiveTo,
    fullySigned,
  });

  it('keeps a version in force until an amendment is signed and its date comes', () => {
    const versions = [v(1, '2025-01-01', null), v(2, '2026-06-01', null, false)];
    assert.equal(versionInForce(versions, '2026-07-01')?.number, 1);
    const signed = [v(1, '2025-01-01', null), v(2, '2026-06-01', null)];
    assert.equal(versionInForce(signed, '2026-05-31')?.number, 1);
    assert.equal(versionInForce(signed, '2026-06-01')?.number, 2);
  });

  it('derives circulating, in force and expired from signatures and dates', () => {
    assert.equal(
      statusOf('active', [v(1, '2025-01-01', '2025-12-31', false)], '2025-06-01'),
      AgreementStatus.CIRCULATING,
    );
    assert.equal(
      statusOf('active', [v(1, '2025-01-01', '2025-12-31')], '2024-12-31'),
      AgreementStatus.CIRCULATING,
    );
    assert.equal(
      statusOf('active', [v(1, '2025-01-01', '2025-12-31')], '2025-12-31'),
      AgreementStatus.IN_FORCE,
    );
    assert.equal(
      statusOf('active', [v(1, '2025-01-01', '2025-12-31')], '2026-01-01'),
      AgreementStatus.EXPIRED,
    );
    assert.equal(statusOf('draft', [], '2026-01-01'), AgreementStatus.DRAFT);
    assert.equal(
      statusOf('terminated', [v(1, '2025-01-01', null)], '2026-01-01'),
      AgreementStatus.TERMINATED,
    );
  });

  it('counts days in Asia/Shanghai', () => {
    assert.equal(todayInShanghai(new Date('2026-11-21T16:30:00Z')), '2026-11-22');
    assert.equal(todayInShanghai(new Date('2026-11-21T15:59:00Z')), '2026-11-21');
  });
});
