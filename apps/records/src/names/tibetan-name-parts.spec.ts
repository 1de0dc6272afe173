import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  NAME_PART_INDEX,
  NamePartTableError,
  TIBETAN_NAME_PARTS,
  buildNamePartIndex,
  type NamePartEntry,
} from './tibetan-name-parts.js';

const entry = (key: string, han: string[], tibetan: string[], latin: string[]): NamePartEntry => ({
  key,
  han,
  tibetan,
  latin,
  official: [],
});

describe('TIBETAN_NAME_PARTS', () => {
  it('has at least 40 parts, each with a Chinese and a Latin spelling', () => {
    assert.ok(TIBETAN_NAME_PARTS.length >= 40, `only ${TIBETAN_NAME_PARTS.length} parts`);
    for (const p of TIBETAN_NAME_PARTS) {
      assert.ok(p.han.length > 0, p.key);
      assert.ok(p.latin.length > 0, p.key);
    }
  });

  it('builds an index where every spelling points back to its own entry', () => {
    for (const p of TIBETAN_NAME_PARTS) {
      for (const h of p.han) assert.equal(NAME_PART_INDEX.han.get(h), p.key);
      for (const l of [p.key, ...p.latin]) assert.equal(NAME_PART_INDEX.latin.get(l), p.key);
    }
    assert.equal(NAME_PART_INDEX.keys.size, TIBETAN_NAME_PARTS.length);
    assert.equal(NAME_PART_INDEX.tibetan.get('བཀྲ་ཤིས'.normalize('NFD')), 'tashi');
  });

  it('gives every part its official Tibetan pinyin (1976 transcription), findable as a Latin spelling', () => {
    assert.equal(TIBETAN_NAME_PARTS.length, 52);
    for (const p of TIBETAN_NAME_PARTS) {
      assert.ok(p.official.length > 0, `${p.key} has no official pinyin`);
      for (const o of p.official) assert.equal(NAME_PART_INDEX.latin.get(o), p.key, o);
    }
    const expect: Record<string, string> = {
      cering: 'tsering',
      zhoima: 'drolma',
      galsang: 'kelsang',
      cedain: 'tseten',
      dainzin: 'tenzin',
      zhaxi: 'tashi',
      dawa: 'dawa',
      norbu: 'norbu',
      lhamo: 'lhamo',
      doje: 'dorje',
      basang: 'pasang',
      puncog: 'phuntsok',
      wangdui: 'wangdu',
      soinam: 'sonam',
      nyima: 'nyima',
      toinzhub: 'dondrub',
      gyaicain: 'gyaltsen',
      yangjain: 'yangchen',
      comog: 'tsomo',
      gonggar: 'kunga',
    };
    for (const [spelling, key] of Object.entries(expect)) {
      assert.equal(NAME_PART_INDEX.latin.get(spelling), key, spelling);
    }
    assert.equal(NAME_PART_INDEX.han.get('策旦'), 'tseten');
  });

  it('contains the variants the brief names', () => {
    const expect: Record<string, string[]> = {
      tashi: ['扎西', '扎喜', '札西', 'trashi', 'zhaxi'],
      tsering: ['次仁', '才仁', '策仁', 'tshering', 'ciren'],
      drolma: ['卓玛', '卓嘛', 'dolma', 'zhuoma'],
      phuntsok: ['平措', '彭措', '朋措', 'pingcuo'],
    };
    for (const [key, spellings] of Object.entries(expect)) {
      for (const s of spellings) {
        assert.equal(NAME_PART_INDEX.han.get(s) ?? NAME_PART_INDEX.latin.get(s), key, s);
      }
    }
  });
});

describe('buildNamePartIndex validation', () => {
  it('rejects an empty table', () => {
    assert.throws(() => buildNamePartIndex([]), NamePartTableError);
  });

  it('rejects a Chinese spelling under two keys', () => {
    const table = [entry('tashi', ['扎西'], [], ['zhaxi']), entry('trashi', ['扎西'], [], ['x'])];
    assert.throws(() => buildNamePartIndex(table), /扎西.*tashi.*trashi/);
  });

  it('rejects a Latin spelling under two keys, including a key reused as a spelling', () => {
    const table = [entry('tashi', ['扎西'], [], ['zhaxi']), entry('zhaxi', ['扎喜'], [], ['zx'])];
    assert.throws(() => buildNamePartIndex(table), NamePartTableError);
  });

  it('rejects a Tibetan spelling under two keys, however the tshegs are written', () => {
    const table = [entry('a', ['甲'], ['ཚེ་རིང'], ['a']), entry('b', ['乙'], ['ཚེ་རིང་'], ['b'])];
    assert.throws(() => buildNamePartIndex(table), /Tibetan/);
  });

  it('rejects duplicate keys, entries without Chinese, and spellings in the wrong script', () => {
    assert.throws(() => buildNamePartIndex([entry('a', ['甲'], [], []), entry('a', ['乙'], [], [])]));
    assert.throws(() => buildNamePartIndex([entry('a', [], [], ['a'])]), /no Chinese/);
    assert.throws(() => buildNamePartIndex([entry('a', ['甲a'], [], [])]), /Chinese characters only/);
    assert.throws(() => buildNamePartIndex([entry('a', ['甲'], ['tashi'], [])]), /Tibetan script/);
    assert.throws(() => buildNamePartIndex([entry('a', ['甲'], [], ['Tashi'])]), /lowercase/);
    assert.throws(() => buildNamePartIndex([entry('A b', ['甲'], [], [])]), /lowercase/);
  });

  it('accepts a small well-formed table', () => {
    const index = buildNamePartIndex([entry('tashi', ['扎西', '扎喜'], ['བཀྲ་ཤིས་'], ['zhaxi'])]);
    assert.equal(index.maxHanLength, 2);
    assert.equal(index.maxTibetanSyllables, 2);
    assert.equal(index.latin.get('tashi'), 'tashi');
  });
});
