import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDigit, isRealDate, maskCitizenId, parseCitizenId, todayInChina } from './citizen-id.js';

// Synthetic IDs only: built from a division code, a birth date and a sequence, then checkDigit.
// The division list is a test stub (贡嘎 540522 and its legacy 542223, 乃东 540502 and its legacy 542221); the
// real list lives in the directory service.
const KNOWN = new Set(['540522', '542223', '540502', '542221']);
const isKnown = (code: string): boolean => KNOWN.has(code);
const TODAY = '2026-03-15';

function makeId(address: string, yyyymmdd: string, sequence: string): string {
  const first17 = `${address}${yyyymmdd}${sequence}`;
  return first17 + checkDigit(first17);
}

/** First synthetic ID with this prefix and date whose check character is X (about 1 in 11 sequences). */
function idEndingInX(address: string, yyyymmdd: string): string {
  for (let seq = 0; ; seq++) {
    const id = makeId(address, yyyymmdd, String(seq).padStart(3, '0'));
    if (id.endsWith('X')) return id;
  }
}

function problemsOf(text: string, today = TODAY): string[] {
  const result = parseCitizenId(text, isKnown, today);
  assert.equal(result.ok, false, `expected ${text} to be rejected`);
  return result.ok ? [] : result.problems;
}

function hasProblem(problems: string[], part: string): boolean {
  return problems.some((p) => p.startsWith(`${part}:`));
}

// Small seeded PRNG (mulberry32) so the property test is reproducible.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('checkDigit', () => {
  it('computes ISO 7064 MOD 11-2 (including X)', () => {
    // Weights sum to 100 -> 100 % 11 = 1 -> '0'; all zeros -> 0 -> '1'.
    assert.equal(checkDigit('11111111111111111'), '0');
    assert.equal(checkDigit('00000000000000000'), '1');
    // Independent form of MOD 11-2: check value = (12 - sum % 11) % 11, 10 written as X.
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    for (const first17 of ['54052219850612123', '54222319720229046', '54050220000101007']) {
      const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
      const value = (12 - (sum % 11)) % 11;
      assert.equal(checkDigit(first17), value === 10 ? 'X' : String(value));
    }
    const withX = idEndingInX('540522', '19900101');
    assert.equal(parseCitizenId(withX, isKnown, TODAY).ok, true);
  });

  it('throws for anything but 17 digits (generator misuse, not user input)', () => {
    assert.throws(() => checkDigit('1234'), RangeError);
    assert.throws(() => checkDigit('1234567890123456X'), RangeError);
  });
});

describe('parseCitizenId', () => {
  it('accepts a valid ID with a current division code', () => {
    const id = makeId('540522', '19850612', '123');
    const result = parseCitizenId(id, isKnown, TODAY);
    assert.deepEqual(result, {
      ok: true,
      id: { value: id, addressCode: '540522', birthDate: '1985-06-12', sequenceCode: '123', sex: 'male' },
    });
  });

  it('accepts a legacy division code (542223) and keeps it as carried', () => {
    const id = makeId('542223', '19720229', '046');
    const result = parseCitizenId(id, isKnown, TODAY);
    assert.ok(result.ok);
    assert.equal(result.id.addressCode, '542223');
    assert.equal(result.id.birthDate, '1972-02-29');
    assert.equal(result.id.sex, 'female');
  });

  it('normalises lowercase x and surrounding whitespace', () => {
    const id = idEndingInX('540502', '20000101');
    const result = parseCitizenId(`  ${id.toLowerCase()} `, isKnown, TODAY);
    assert.ok(result.ok);
    assert.equal(result.id.value, id);
  });

  it('derives sex from the parity of digit 17', () => {
    const sexOf = (seq: string) => {
      const result = parseCitizenId(makeId('540522', '19900101', seq), isKnown, TODAY);
      assert.ok(result.ok);
      return result.id.sex;
    };
    assert.equal(sexOf('001'), 'male');
    assert.equal(sexOf('019'), 'male');
    assert.equal(sexOf('002'), 'female');
    assert.equal(sexOf('990'), 'female');
  });

  it('rejects a wrong check digit', () => {
    const id = makeId('540522', '19850612', '123');
    const wrong = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    assert.deepEqual(problemsOf(wrong), [
      'check digit: does not match the first 17 digits (ISO 7064 MOD 11-2)',
    ]);
  });

  it('rejects wrong lengths', () => {
    const id = makeId('540522', '19850612', '123');
    assert.deepEqual(problemsOf(id.slice(0, 17)), ['length: must be 18 characters, got 17']);
    assert.deepEqual(problemsOf(`${id}1`), ['length: must be 18 characters, got 19']);
    assert.deepEqual(problemsOf(''), ['length: must be 18 characters, got 0']);
    const huge = problemsOf('9'.repeat(10_000));
    assert.equal(huge.length, 1);
    assert.ok(hasProblem(huge, 'length'));
  });

  it('rejects letters and other characters', () => {
    assert.deepEqual(problemsOf('54052219850612A12X'), [
      'characters: must be 17 digits followed by a digit or X',
    ]);
    assert.ok(hasProblem(problemsOf('X40522198506121234'), 'characters'));
    assert.ok(hasProblem(problemsOf("540522' OR 1=1 --%"), 'characters'));
    assert.ok(hasProblem(problemsOf('５４０５２２１９８５０６１２１２３４'), 'characters')); // full-width digits
    const both = problemsOf('54052219850612ABCDE');
    assert.ok(hasProblem(both, 'length') && hasProblem(both, 'characters'));
  });

  it('rejects an unknown address code, and says nothing else is wrong', () => {
    assert.deepEqual(problemsOf(makeId('999999', '19850612', '123')), [
      'address code: not a known division (current or legacy)',
    ]);
  });

  it('rejects impossible, too early and future birth dates', () => {
    assert.deepEqual(problemsOf(makeId('540522', '20260230', '123')), [
      'birth date: not a real calendar date',
    ]);
    assert.ok(hasProblem(problemsOf(makeId('540522', '19900229', '123')), 'birth date'));
    assert.ok(hasProblem(problemsOf(makeId('540522', '19901301', '123')), 'birth date'));
    assert.ok(hasProblem(problemsOf(makeId('540522', '19900100', '123')), 'birth date'));
    assert.deepEqual(problemsOf(makeId('540522', '18991231', '123')), ['birth date: before 1900-01-01']);
    assert.deepEqual(problemsOf(makeId('540522', '20260316', '123')), ['birth date: in the future']);
    assert.equal(parseCitizenId(makeId('540522', '20260315', '123'), isKnown, TODAY).ok, true);
    assert.equal(parseCitizenId(makeId('540522', '19000101', '123'), isKnown, TODAY).ok, true);
    assert.equal(parseCitizenId(makeId('540522', '20000229', '123'), isKnown, TODAY).ok, true);
    assert.deepEqual(['2000-02-29', '1900-02-29', '2024-02-29', '2026-04-31'].map(isRealDate), [
      true,
      false,
      true,
      false,
    ]);
  });

  it('reports every independent problem at once', () => {
    const id = makeId('999999', '20261301', '123');
    const broken = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const problems = problemsOf(broken);
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      ['check digit', 'address code', 'birth date'],
    );
  });

  it('defaults "today" to the current date in China', () => {
    assert.match(todayInChina(), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(todayInChina(new Date('2026-03-14T16:30:00Z')), '2026-03-15');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    assert.ok(hasProblem(problemsOf(makeId('540522', tomorrow, '123'), undefined), 'birth date'));
  });
});

describe('maskCitizenId', () => {
  it('keeps only the address code: the birth date, sequence code and check character are hidden', () => {
    const id = makeId('540522', '19850612', '123');
    const masked = maskCitizenId(id);
    assert.equal(masked, '540522************');
    assert.equal(masked.length, 18);
    assert.ok(!masked.includes('19850612') && !masked.includes('123'));
    assert.equal(maskCitizenId(' 54052219850612123x '), '540522************');
  });

  it('masks malformed values entirely', () => {
    assert.equal(maskCitizenId('54052219850612'), '**************');
    assert.equal(maskCitizenId(''), '');
  });
});

describe('property: generated IDs', () => {
  it('every generated ID parses and every single-character mutation fails the check digit', () => {
    const random = rng(20260315);
    const prefixes = [...KNOWN];
    const start = Date.UTC(1900, 0, 1);
    const end = Date.UTC(2026, 2, 15);
    const alphabet = '0123456789X';
    for (let n = 0; n < 3000; n++) {
      const prefix = prefixes[Math.floor(random() * prefixes.length)]!;
      const date = new Date(start + Math.floor(random() * ((end - start) / 86_400_000 + 1)) * 86_400_000);
      const yyyymmdd = date.toISOString().slice(0, 10).replaceAll('-', '');
      const sequence = String(Math.floor(random() * 1000)).padStart(3, '0');
      const id = makeId(prefix, yyyymmdd, sequence);

      const parsed = parseCitizenId(id, isKnown, TODAY);
      assert.ok(parsed.ok, `generated ${id} should parse`);
      assert.equal(parsed.id.sex, Number(sequence) % 2 === 1 ? 'male' : 'female');

      for (let pos = 0; pos < 18; pos++) {
        const choices = pos < 17 ? alphabet.slice(0, 10) : alphabet;
        for (const c of choices) {
          if (c === id[pos]) continue;
          const mutated = id.slice(0, pos) + c + id.slice(pos + 1);
          const result = parseCitizenId(mutated, isKnown, TODAY);
          assert.ok(!result.ok && hasProblem(result.problems, 'check digit'), `mutation ${mutated} passed`);
        }
      }
    }
  });
});
