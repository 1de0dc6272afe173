import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { nameKeys } from './name-keys.js';
import { keyMatch, MATCH_BANDS, similarMatch } from './name-match.js';

const kindOf = (query: string, stored: string) => keyMatch(nameKeys(query), nameKeys(stored))?.kind;

describe('name match bands', () => {
  it('orders the bands strictly, the typo band below the homophone band whatever the similarity', () => {
    assert.ok(MATCH_BANDS.exact.score > MATCH_BANDS.variant.score);
    assert.ok(MATCH_BANDS.variant.score > MATCH_BANDS.homophone.score);
    assert.ok(similarMatch(nameKeys('a'), nameKeys('a'), 'a', 1).score < MATCH_BANDS.homophone.score);
    const close = similarMatch(nameKeys('tashi tserinng'), nameKeys('Tashi Tsering'), 'tashi tsering', 0.8);
    const far = similarMatch(nameKeys('tashi tserinng'), nameKeys('Tashi Tsering'), 'tashi tsering', 0.5);
    assert.ok(close.score > far.score, 'graded by similarity');
    assert.equal(close.kind, 'similar');
    assert.equal(close.reason, 'similar spelling (tashi tsering ~ tashi tserinng; shares name parts: tashi)');
  });

  it('calls the same spelling in the same script exact, case, diacritics and separators aside', () => {
    for (const [query, stored] of [
      ['扎喜次仁', '扎喜次仁'],
      ['tashi tsering', 'Tashi Tsering'],
      ['Trashi-Tsering', 'Trashi Tsering'],
      ['Chödrön', 'Chodron'],
      ['བཀྲ་ཤིས་ཚེ་རིང་', 'བཀྲ་ཤིས་ཚེ་རིང'],
      ['王小明', '王小明'],
    ]) {
      const m = keyMatch(nameKeys(query), nameKeys(stored));
      assert.deepEqual(
        [m?.kind, m?.score, m?.reason],
        ['exact', 1, 'exact spelling'],
        `${query} / ${stored}`,
      );
    }
  });

  it('calls another spelling of the same name parts a variant, naming the differing parts', () => {
    for (const [query, stored] of [
      ['扎喜次仁', '扎西次仁'],
      ['扎喜次仁', '扎西才仁'],
      ['扎喜次仁', 'Tashi Tsering'],
      ['扎喜次仁', 'བཀྲ་ཤིས་ཚེ་རིང་'],
      ['Tashi Tsering', 'Trashi Tsering'],
      ['Cering Zhoima', '次仁卓玛'],
      ['Wang Xiaoming', '王小明'],
      ['Wang Xiao Ming', '王小明'],
    ]) {
      assert.equal(kindOf(query, stored), 'variant', `${query} / ${stored}`);
    }
    const m = keyMatch(nameKeys('扎喜次仁'), nameKeys('扎西才仁'))!;
    assert.equal(m.score, MATCH_BANDS.variant.score);
    assert.equal(m.reason, 'spelling variant (扎喜 ~ 扎西: tashi; 次仁 ~ 才仁: tsering)');
  });

  it('calls other Chinese characters with the same pinyin a homophone', () => {
    const m = keyMatch(nameKeys('王晓明'), nameKeys('王小明'))!;
    assert.deepEqual([m.kind, m.score, m.reason], ['homophone', 0.8, 'homophone (晓 ~ 小: xiao)']);
    // 渣 is no spelling of a name part: 渣西 shares only the pinyin of 扎西.
    assert.equal(kindOf('渣西', '扎西'), 'homophone');
  });

  it('finds no key match between names that share no key', () => {
    assert.equal(keyMatch(nameKeys('王小明'), nameKeys('李四')), null);
    assert.equal(keyMatch(nameKeys(''), nameKeys('王小明')), null);
    assert.equal(keyMatch(nameKeys('tashi tserinng'), nameKeys('Tashi Tsering')), null);
  });
});
