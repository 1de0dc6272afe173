// Common Tibetan name parts and their spellings in Chinese characters, Tibetan script and Latin letters.
//
// THIS IS DATA TO BE REVIEWED by someone who reads Tibetan and knows local (Shannan / TAR) naming practice,
// before production use; README.md next to this file says where each kind of spelling comes from and how sure
// it is. It was compiled from general knowledge, not from an authoritative source. Where the Tibetan spelling
// was uncertain it is left out (tibetan: []) rather than guessed. `latin` mixes exile/English usage (Tashi,
// Tsering), Wylie-like forms (Trashi, Drolma) and the pinyin of the Chinese spellings (Zhaxi, Ciren), because
// all three turn up in records. `official` is the official Tibetan pinyin, the romanisation on Chinese identity
// papers and maps (中国地名委员会 1976《少数民族语地名汉语拼音字母音译转写法》, 藏语部分: Cering, Zhoima, Galsang,
// Dainzin…), diacritics dropped (Dêqên → deqen, as every Latin spelling is normalised). The table is validated
// when this module loads: a spelling that belongs to two keys, an empty entry, or a spelling with characters of
// the wrong script is a load error. Changing any spelling changes NAME_KEYS_FINGERPRINT (people/rekey.ts), and
// the service re-keys the stored names at its next start.
import { normaliseLatin, tibetanSyllables } from './name-text.js';

export type NamePartEntry = {
  /** Canonical part key, lowercase ASCII; also counts as a Latin spelling. */
  readonly key: string;
  readonly han: readonly string[];
  /** Syllables separated by tsheg ་, no trailing tsheg. */
  readonly tibetan: readonly string[];
  readonly latin: readonly string[];
  /** Official Tibetan pinyin (1976 transcription), lowercase a-z; also Latin spellings of this part. */
  readonly official: readonly string[];
};

const part = (
  key: string,
  han: string[],
  tibetan: string[],
  latin: string[],
  official: string[],
): NamePartEntry => ({ key, han, tibetan, latin, official });

export const TIBETAN_NAME_PARTS: readonly NamePartEntry[] = [
  part('tashi', ['扎西', '扎喜', '札西', '扎希'], ['བཀྲ་ཤིས'], ['trashi', 'zhaxi'], ['zhaxi']),
  part(
    'tsering',
    ['次仁', '才仁', '策仁', '泽仁', '慈仁'],
    ['ཚེ་རིང'],
    ['tshering', 'ciren', 'cairen', 'zeren'],
    ['cering'],
  ),
  part('drolma', ['卓玛', '卓嘛', '卓马'], ['སྒྲོལ་མ'], ['dolma', 'droelma', 'zhuoma'], ['zhoima']),
  part('dorje', ['多吉', '多杰', '朵吉'], ['རྡོ་རྗེ'], ['dorjee', 'dorji', 'duoji', 'duojie'], ['doje', 'dorje']),
  part(
    'kelsang',
    ['格桑', '格松'],
    ['སྐལ་བཟང'],
    ['kalsang', 'kelzang', 'kalzang', 'gesang', 'gesong'],
    ['galsang'],
  ),
  part(
    'tseten',
    ['次旦', '才旦', '策旦'],
    ['ཚེ་བརྟན'],
    ['tsetan', 'tsethen', 'ciden', 'cidan', 'caidan'],
    ['cedain'],
  ),
  part(
    'phuntsok',
    ['平措', '彭措', '朋措', '平错'],
    ['ཕུན་ཚོགས'],
    ['phuntsog', 'puntsok', 'phuntsho', 'pingcuo', 'pengcuo'],
    ['puncog'],
  ),
  part('yangchen', ['央金', '阳金', '扬金'], ['དབྱངས་ཅན'], ['yangchan', 'yangjin'], ['yangjain']),
  part('dawa', ['达瓦', '达娃'], ['ཟླ་བ'], ['dhawa'], ['dawa']),
  part('nyima', ['尼玛'], ['ཉི་མ'], ['nima'], ['nyima']),
  part('wangdu', ['旺堆'], ['དབང་འདུས'], ['wangdue', 'wangdi', 'wangdui'], ['wangdui']),
  part(
    'wangchuk',
    ['旺秋', '旺久'],
    ['དབང་ཕྱུག'],
    ['wangchug', 'wangchuck', 'wangqiu', 'wangjiu'],
    ['wangqug'],
  ),
  part('lhamo', ['拉姆', '拉毛', '拉莫'], ['ལྷ་མོ'], ['lhamu', 'lamu', 'lamao'], ['lhamo']),
  part('pema', ['白玛', '贝玛', '白马'], ['པདྨ'], ['padma', 'baima', 'beima'], ['bema']),
  part('sonam', ['索朗', '索南'], ['བསོད་ནམས'], ['soinam', 'suolang', 'suonan'], ['soinam']),
  part('lobsang', ['洛桑', '罗桑'], ['བློ་བཟང'], ['lopsang', 'lobzang', 'losang', 'luosang'], ['lobsang']),
  part('tenzin', ['丹增', '旦增', '丹珍'], ['བསྟན་འཛིན'], ['tendzin', 'tenzing', 'danzeng'], ['dainzin']),
  part('phurbu', ['普布'], ['ཕུར་བུ'], ['purbu', 'phurba', 'pubu'], ['purbu']),
  part('pasang', ['巴桑'], ['པ་སངས'], ['passang', 'basang'], ['basang']),
  part('penpa', ['边巴'], ['སྤེན་པ'], ['pemba', 'penba', 'bianba'], ['benba']),
  part('dekyi', ['德吉'], ['བདེ་སྐྱིད'], ['dekyid', 'deki', 'deji'], ['degyi']),
  part('chungda', ['琼达'], [], ['qiongda'], ['qungda']),
  part('norbu', ['罗布', '洛布'], ['ནོར་བུ'], ['luobu'], ['norbu']),
  part('gyatso', ['加措', '嘉措', '嘉错'], ['རྒྱ་མཚོ'], ['gyamtso', 'gyatsho', 'jiacuo'], ['gyamco', 'gyaco']),
  part('dondrub', ['顿珠'], ['དོན་གྲུབ'], ['dhondup', 'dondup', 'dondrup', 'dunzhu'], ['toinzhub']),
  part('tsedrub', ['次珠', '才珠'], [], ['tsedup', 'tsedrup', 'cizhu'], ['cezhub']),
  part('rigzin', ['仁增'], ['རིག་འཛིན'], ['rigdzin', 'rinzin', 'rigzen', 'renzeng'], ['rigzin']),
  part('chodron', ['曲珍'], ['ཆོས་སྒྲོན'], ['choedon', 'chodon', 'choedron', 'quzhen'], ['qoizhoin']),
  part('yeshe', ['益西', '伊西'], ['ཡེ་ཤེས'], ['yeshi', 'yixi'], ['yexe']),
  part('migmar', ['米玛'], ['མིག་དམར'], ['mingmar', 'mikmar', 'mima'], ['migmar']),
  part('samdrub', ['桑珠'], ['བསམ་གྲུབ'], ['samdup', 'samdrup', 'sangzhu'], ['samzhub']),
  part('jampa', ['强巴'], ['བྱམས་པ'], ['champa', 'jamba', 'qiangba'], ['qamba']),
  part('gonpo', ['贡布'], ['མགོན་པོ'], ['gompo', 'gonbo', 'gongbu'], ['gonbo']),
  part('ngodrub', ['欧珠'], ['དངོས་གྲུབ'], ['ngodup', 'ngodrup', 'ouzhu'], ['ngoizhub']),
  part('tsomo', ['措姆', '措毛'], ['མཚོ་མོ'], ['tshomo', 'cuomu'], ['comog', 'como']),
  part('drolkar', ['卓嘎'], ['སྒྲོལ་དཀར'], ['dolkar', 'drolkhar', 'zhuoga'], ['zhoigar']),
  part('chime', ['其美'], ['འཆི་མེད'], ['chimed', 'chimey', 'qimei'], ['qime']),
  part('yudron', ['玉珍'], ['གཡུ་སྒྲོན'], ['yudon', 'yudoen', 'yuzhen'], ['yuzhoin']),
  part('drakpa', ['扎巴'], ['གྲགས་པ'], ['dragpa', 'drakba', 'zhaba'], ['zhagba']),
  part('wangmo', ['旺姆', '旺毛'], ['དབང་མོ'], ['wangmu'], ['wangmo']),
  part('dechen', ['德庆'], ['བདེ་ཆེན'], ['dechan', 'deqing'], ['deqen']),
  part('tsewang', ['次旺', '才旺'], ['ཚེ་དབང'], ['tsewong', 'ciwang', 'caiwang'], ['cewang']),
  part('sangye', ['桑杰', '桑吉'], ['སངས་རྒྱས'], ['sangay', 'sangjie', 'sangji'], ['sanggyai']),
  part('namgyal', ['朗杰'], ['རྣམ་རྒྱལ'], ['namgyel', 'langjie'], ['namgyai']),
  part('kunga', ['贡嘎'], ['ཀུན་དགའ'], ['gongga'], ['gonggar']),
  part('jigme', ['晋美'], ['འཇིགས་མེད'], ['jigmed', 'jinmei'], ['jigme']),
  part('rinchen', ['仁青', '仁钦'], ['རིན་ཆེན'], ['rinchhen', 'renqing', 'renqin'], ['rinqen']),
  part('lhakpa', ['拉巴'], ['ལྷག་པ'], ['lhagpa', 'lakpa', 'laba'], ['lhagba']),
  part(
    'gyaltsen',
    ['坚参', '坚赞'],
    ['རྒྱལ་མཚན'],
    ['gyaltshen', 'gyeltsen', 'jiancan', 'jianzan'],
    ['gyaicain', 'gyaincain'],
  ),
  part('lhundrub', ['伦珠'], ['ལྷུན་གྲུབ'], ['lhundup', 'lhundrup', 'lunzhu'], ['lhunzhub']),
  part('yangzom', ['央宗'], ['དབྱངས་འཛོམས'], ['yangdzom', 'yangzong'], ['yangzom']),
  part('ngawang', ['阿旺'], ['ངག་དབང'], ['nawang', 'awang'], ['ngawang']),
];

/** A spelling that appears under two keys, an empty entry or a malformed spelling. */
export class NamePartTableError extends Error {
  override readonly name = 'NamePartTableError';
}

export type NamePartIndex = {
  readonly han: ReadonlyMap<string, string>;
  /** Keyed by the tibetan syllables joined with a single tsheg (NFD). */
  readonly tibetan: ReadonlyMap<string, string>;
  readonly latin: ReadonlyMap<string, string>;
  readonly maxHanLength: number;
  readonly maxTibetanSyllables: number;
  readonly maxLatinLength: number;
  readonly keys: ReadonlySet<string>;
};

const HAN_ONLY = /^\p{Script=Han}+$/u;
const TIBETAN_ONLY = /^[\p{Script=Tibetan}]+$/u;

/** Validates the table and builds lookup maps; throws NamePartTableError on the first problem found. */
export function buildNamePartIndex(entries: readonly NamePartEntry[]): NamePartIndex {
  if (entries.length === 0) throw new NamePartTableError('name-part table is empty');
  const han = new Map<string, string>();
  const tibetan = new Map<string, string>();
  const latin = new Map<string, string>();
  const keys = new Set<string>();
  const claim = (map: Map<string, string>, spelling: string, key: string, what: string): void => {
    const owner = map.get(spelling);
    if (owner !== undefined && owner !== key) {
      throw new NamePartTableError(`${what} spelling "${spelling}" belongs to both "${owner}" and "${key}"`);
    }
    map.set(spelling, key);
  };
  for (const entry of entries) {
    const { key } = entry;
    if (!/^[a-z]+$/.test(key)) throw new NamePartTableError(`key "${key}" must be lowercase a-z`);
    if (keys.has(key)) throw new NamePartTableError(`key "${key}" appears twice`);
    keys.add(key);
    if (entry.han.length === 0) throw new NamePartTableError(`"${key}" has no Chinese spelling`);
    for (const h of entry.han) {
      if (!HAN_ONLY.test(h)) throw new NamePartTableError(`"${key}": "${h}" is not Chinese characters only`);
      claim(han, h, key, 'Chinese');
    }
    for (const t of entry.tibetan) {
      const syllables = tibetanSyllables(t);
      if (syllables.length === 0 || !syllables.every((s) => TIBETAN_ONLY.test(s))) {
        throw new NamePartTableError(`"${key}": "${t}" is not Tibetan script`);
      }
      claim(tibetan, syllables.join('\u0F0B'), key, 'Tibetan');
    }
    for (const l of [key, ...entry.latin, ...entry.official]) {
      const n = normaliseLatin(l);
      if (n !== l || n.length === 0)
        throw new NamePartTableError(`"${key}": Latin "${l}" must be lowercase a-z`);
      claim(latin, n, key, 'Latin');
    }
  }
  const longest = (xs: Iterable<string>, measure: (s: string) => number): number =>
    Math.max(0, ...[...xs].map(measure));
  return {
    han,
    tibetan,
    latin,
    keys,
    maxHanLength: longest(han.keys(), (s) => [...s].length),
    maxTibetanSyllables: longest(tibetan.keys(), (s) => s.split('\u0F0B').length),
    maxLatinLength: longest(latin.keys(), (s) => s.length),
  };
}

/** The validated index of TIBETAN_NAME_PARTS (built, and so checked, when this module loads). */
export const NAME_PART_INDEX: NamePartIndex = buildNamePartIndex(TIBETAN_NAME_PARTS);
