import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MAX_NAME_LENGTH, nameKeys } from './name-keys.js';
import { keyMatch, sharedParts } from './name-match.js';

const primary = (name: string): string | undefined => nameKeys(name).keys[0];
const KEY_SHAPE = /^[a-z0-9 \p{Script=Han}]+$/u;

describe('nameKeys: Tibetan names across scripts', () => {
  it('maps every spelling of Tashi Tsering to the same primary key', () => {
    const spellings = [
      '扎西次仁',
      '扎喜次仁',
      '扎西才仁',
      '札西策仁',
      '扎西·次仁',
      'Tashi Tsering',
      'TASHI  TSHERING',
      'Trashi-Tsering',
      'tashitsering',
      'Zhaxi Ciren',
      'བཀྲ་ཤིས་ཚེ་རིང་',
      'བཀྲ་ཤིས་ཚེ་རིང',
      'བཀྲ་ཤིས་ ཚེ་རིང་།',
    ];
    for (const s of spellings) assert.equal(primary(s), 'tashi tsering', s);
  });

  it('maps the variant spellings of single parts together', () => {
    const groups: Record<string, string[]> = {
      drolma: ['卓玛', '卓嘛', 'Drolma', 'Dolma', 'Zhuoma', 'སྒྲོལ་མ་'],
      dorje: ['多吉', '多杰', 'Dorje', 'Dorjee', 'Duoji', 'རྡོ་རྗེ་'],
      kelsang: ['格桑', '格松', 'Kelsang', 'Kalsang', 'Gesang', 'སྐལ་བཟང་'],
      tseten: ['次旦', '才旦', 'Tseten', 'Ciden'],
      phuntsok: ['平措', '彭措', '朋措', 'Phuntsok', 'Pingcuo', 'ཕུན་ཚོགས་'],
      yangchen: ['央金', '阳金', 'Yangchen', 'Yangjin'],
      nyima: ['尼玛', 'Nyima', 'Nima', 'ཉི་མ་'],
      lhamo: ['拉姆', '拉毛', 'Lhamo', 'Lamu'],
      pema: ['白玛', '贝玛', 'Pema', 'Baima', 'པདྨ་'],
      sonam: ['索朗', '索南', 'Sonam', 'Suolang'],
      lobsang: ['洛桑', '罗桑', 'Lobsang', 'Luosang'],
      tenzin: ['丹增', '旦增', 'Tenzin', 'Danzeng', 'བསྟན་འཛིན་'],
      chodron: ['曲珍', 'Chödrön', 'Chodron', 'Quzhen'],
    };
    for (const [key, spellings] of Object.entries(groups)) {
      for (const s of spellings) assert.equal(primary(s), key, s);
    }
  });

  it('reads names in the official Tibetan pinyin (Cering Zhoima is 次仁卓玛)', () => {
    const pairs: Array<[string, string]> = [
      ['Cering Zhoima', '次仁卓玛'],
      ['Zhaxi Cering', '扎西次仁'],
      ['Galsang Dainzin', '格桑丹增'],
      ['Cedain Puncog', '策旦平措'],
      ['Gyaincain Norbu', '坚赞罗布'],
      ['Basang Wangdui', '巴桑旺堆'],
      ['Soinam Doje', '索朗多吉'],
      ['Yangjain Lhamo', '央金拉姆'],
      ['Toinzhub Comog', '顿珠措姆'],
    ];
    for (const [official, han] of pairs) assert.equal(primary(official), primary(han), official);
    assert.equal(primary('Cering Zhoima'), 'tsering drolma');
  });

  it('keeps the order of parts: 次仁扎西 differs from 扎西次仁, but they share parts', () => {
    const a = nameKeys('次仁扎西');
    const b = nameKeys('扎西次仁');
    assert.equal(a.keys[0], 'tsering tashi');
    assert.equal(b.keys[0], 'tashi tsering');
    assert.match(sharedParts(a, b) ?? '', /same name parts in a different order/);
    assert.match(sharedParts(nameKeys('扎西多吉'), b) ?? '', /shares name parts: tashi/);
  });

  it('segments longer names greedily: 次仁卓玛 is two parts', () => {
    assert.equal(primary('次仁卓玛'), 'tsering drolma');
    assert.equal(primary('Tsering Dolma'), 'tsering drolma');
    assert.equal(primary('ཚེ་རིང་སྒྲོལ་མ་'), 'tsering drolma');
    assert.equal(primary('洛桑丹增嘉措'), 'lobsang tenzin gyatso');
    assert.equal(primary('Nyi-ma Tse ring'), 'nyima tsering');
  });

  it('falls back to pinyin / the Latin token / a rough transliteration for unknown parts', () => {
    assert.equal(primary('扎西阿'), 'tashi a');
    assert.equal(primary('Tashi Smith'), 'tashi smith');
    const unknownTibetan = nameKeys('བཀྲ་ཤིས་ཀ་');
    assert.equal(unknownTibetan.keys[0], 'tashi k');
    assert.equal(unknownTibetan.script, 'tibetan');
  });
});

describe('nameKeys: Han names', () => {
  it('gives toneless pinyin and the characters themselves', () => {
    const k = nameKeys('王小明');
    assert.equal(k.script, 'han');
    assert.deepEqual(k.keys, ['wang xiao ming', 'wangxiaoming', '王小明']);
  });

  it('writes ü as v and matches Latin spellings of the pinyin', () => {
    assert.equal(primary('吕小红'), 'lv xiao hong');
    const latin = nameKeys('Wang Xiaoming');
    assert.ok(latin.keys.includes('wangxiaoming'));
    assert.equal(keyMatch(latin, nameKeys('王小明'))?.reason, 'spelling variant (pinyin wangxiaoming)');
  });

  it('gives a Tibetan name in Chinese both its part keys and its plain pinyin', () => {
    const k = nameKeys('扎喜次仁');
    assert.deepEqual(k.keys, ['tashi tsering', 'zha xi ci ren', 'zhaxiciren', '扎喜次仁']);
  });
});

describe('nameKeys: mixed input', () => {
  it('reads each script run with its own rules', () => {
    const k = nameKeys('扎西 Tsering');
    assert.equal(k.script, 'mixed');
    assert.equal(k.keys[0], 'tashi tsering');
    assert.equal(primary('བཀྲ་ཤིས་次仁'), 'tashi tsering');
    assert.equal(primary('Tashi 王'), 'tashi wang');
  });

  it('normalises full-width Latin letters', () => {
    assert.equal(primary('Ｔａｓｈｉ'), 'tashi');
  });
});

describe('nameKeys: bad input', () => {
  it('returns no keys for empty, blank or punctuation-only names', () => {
    for (const s of ['', '   ', '\t\n', '%', "'; --", '་།'])
      assert.deepEqual(nameKeys(s).keys, [], JSON.stringify(s));
  });

  it('treats SQL / LIKE metacharacters as separators, never as part of a key', () => {
    const inputs = ['Tashi%', 'Ta_shi', 'Tashi\\', "Tashi' OR '1'='1", '扎西%次仁', '%_%', "O'Brien"];
    for (const s of inputs) {
      for (const key of nameKeys(s).keys) assert.match(key, KEY_SHAPE, `${s} -> ${key}`);
    }
    assert.equal(primary('扎西%次仁'), 'tashi tsering');
    assert.equal(primary("O'Brien"), 'o brien');
  });

  it(`returns no keys above ${MAX_NAME_LENGTH} characters, including a 10,000-character name`, () => {
    assert.ok(nameKeys('扎'.repeat(MAX_NAME_LENGTH)).keys.length > 0);
    assert.deepEqual(nameKeys('扎'.repeat(MAX_NAME_LENGTH + 1)).keys, []);
    assert.deepEqual(nameKeys('a'.repeat(10_000)).keys, []);
    assert.deepEqual(nameKeys('扎西'.repeat(5_000)).keys, []);
    assert.deepEqual(nameKeys('ཚེ་'.repeat(5_000)).keys, []);
  });

  it('handles a worst case at the limit (unsegmentable Latin) quickly by construction', () => {
    const k = nameKeys('t'.repeat(MAX_NAME_LENGTH));
    assert.deepEqual(k.keys, ['t'.repeat(MAX_NAME_LENGTH)]);
  });
});
