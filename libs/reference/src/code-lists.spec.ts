import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeViolations } from './code-check.js';
import { BUSINESS_LINES, CASE_CATEGORIES, CONSULTATION_BUSINESS_LINE } from './code-lists.js';

describe('code lists', () => {
  it('are one consistent list: unique codes, every category of a line is listed, every category in a line', () => {
    const lines = BUSINESS_LINES.map((l) => l.code);
    const categories = CASE_CATEGORIES.map((c) => c.code);
    assert.equal(new Set(lines).size, lines.length);
    assert.equal(new Set(categories).size, categories.length);
    for (const line of BUSINESS_LINES) for (const c of line.categories) assert.ok(categories.includes(c), c);
    for (const c of categories)
      assert.ok(
        BUSINESS_LINES.some((l) => l.categories.includes(c)),
        `${c} belongs to no line`,
      );
    assert.ok(lines.includes(CONSULTATION_BUSINESS_LINE));
    for (const code of [...lines, ...categories]) assert.match(code, /^[a-z][a-z0-9-]{1,40}$/);
  });

  it('name the field and list the valid codes for an unknown one', () => {
    const lines = BUSINESS_LINES.map((l) => ({ code: l.code, categories: [...l.categories] }));
    assert.deepEqual(
      codeViolations(lines, [
        { field: 'businessLine', businessLine: 'criminal' },
        { field: 'category', category: 'illegal-mining', businessLines: ['criminal'] },
        { field: 'category', category: 'ecology-resources', businessLines: [] },
      ]),
      [],
    );
    const [line] = codeViolations(lines, [{ field: 'businessLine', businessLine: 'banana' }]);
    assert.equal(line?.field, 'businessLine');
    assert.match(
      line!.message,
      /"banana" is not a business line; valid: criminal, civil, administrative, public-interest/,
    );
    const [category] = codeViolations(lines, [
      { field: 'category', category: 'illegal-mining', businessLines: ['civil'] },
    ]);
    assert.equal(
      category?.message,
      '"illegal-mining" is not a case category of civil; valid: civil-judgment, civil-enforcement, false-litigation',
    );
    assert.deepEqual(
      codeViolations(lines, [
        { field: 'line', businessLine: 'banana' },
        { field: 'category', category: 'theft', businessLines: ['banana'] },
      ]).map((v) => v.field),
      ['line'],
      'a category of an unknown line is not judged: the line is what is wrong',
    );
  });
});
