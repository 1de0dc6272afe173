import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readableHolders, type AccessFacts } from './record-access.js';

/**
 * Random worlds: procuratorates in a forest (each one's superior is an earlier one, or none), other
 * organizations that are no procuratorate, and pacts between any of them that share record lookup.
 */
const world = fc
  .integer({ min: 1, max: 14 })
  .chain((n) =>
    fc.record({
      superiors: fc.array(fc.integer({ min: -1, max: n - 1 }), { minLength: n, maxLength: n }),
      pacts: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n + 2 }), { minLength: 2, maxLength: 4 }), {
        maxLength: 4,
      }),
      caller: fc.integer({ min: 0, max: n + 2 }),
    }),
  )
  .map(({ superiors, pacts, caller }) => {
    const code = (i: number) =>
      i < superiors.length ? `proc-${String(540000 + i)}` : `police-${540000 + i}`;
    // Superior index must be earlier: a forest, no cycles (the directory has none).
    const superiorOf = new Map(superiors.map((s, i) => [code(i), s >= 0 && s < i ? code(s) : ''] as const));
    const facts: AccessFacts = { superiorOf, sharingPacts: pacts.map((p) => p.map(code)) };
    const everyone = [
      ...superiorOf.keys(),
      code(superiors.length),
      code(superiors.length + 1),
      code(superiors.length + 2),
    ];
    return { facts, caller: code(caller), everyone };
  });

/** The rule as a predicate, written the other way round: walk up from the holder. */
function oracle(facts: AccessFacts, reader: string, holder: string): boolean {
  if (!facts.superiorOf.has(reader)) return false;
  if (reader === holder) return true;
  for (let up = facts.superiorOf.get(holder); up; up = facts.superiorOf.get(up))
    if (up === reader) return true;
  return facts.sharingPacts.some((p) => p.includes(reader) && p.includes(holder));
}

describe('readableHolders (who may read whose records)', () => {
  it('agrees with the rule for random hierarchies, pacts and callers', () => {
    fc.assert(
      fc.property(world, ({ facts, caller, everyone }) => {
        const readable = readableHolders(caller, facts);
        for (const holder of everyone) {
          assert.equal(readable.has(holder), oracle(facts, caller, holder), `${caller} reading ${holder}`);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never gives a sibling, a superior or a pact party’s subordinate without a pact of their own', () => {
    const facts: AccessFacts = {
      superiorOf: new Map([
        ['proc-540000', ''],
        ['proc-540500', 'proc-540000'],
        ['proc-540100', 'proc-540000'],
        ['proc-540522', 'proc-540500'],
        ['proc-540523', 'proc-540500'],
        ['proc-540124', 'proc-540100'],
      ]),
      sharingPacts: [['proc-540522', 'proc-540124']],
    };
    assert.deepEqual([...readableHolders('proc-540522', facts)].sort(), ['proc-540124', 'proc-540522']);
    assert.deepEqual([...readableHolders('proc-540523', facts)], ['proc-540523']);
    assert.deepEqual([...readableHolders('proc-540500', facts)].sort(), [
      'proc-540500',
      'proc-540522',
      'proc-540523',
    ]);
    assert.equal(readableHolders('proc-540000', facts).size, 6);
    assert.equal(readableHolders('police-540522', facts).size, 0);
  });
});
