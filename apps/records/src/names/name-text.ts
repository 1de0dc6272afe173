// Low-level text helpers shared by the name-part table and the name normaliser. Nothing here knows about
// the table, so the table can validate its own spellings with the same rules the normaliser applies.

/** A run of one script inside a name. Anything else (spaces, ·, -, %, _, \, ', digits of other scripts…) separates runs. */
export type ScriptRun = { script: 'han' | 'tibetan' | 'latin'; text: string };

const HAN = /\p{Script=Han}/u;
const TIBETAN = /\p{Script=Tibetan}/u;
const LATIN = /[\p{Script=Latin}0-9]/u;
// Tibetan punctuation that separates syllables or words: tsheg ་ ༌, shads ། ༎ ༏ ༐ ༑ ༒, gter tsheg ༔.
const TIBETAN_SEPARATOR = /[\u0F0B-\u0F14]/u;

function charScript(ch: string): ScriptRun['script'] | null {
  if (HAN.test(ch)) return 'han';
  if (TIBETAN.test(ch) && !TIBETAN_SEPARATOR.test(ch)) return 'tibetan';
  if (LATIN.test(ch)) return 'latin';
  return null;
}

/**
 * Splits a name into runs by script. Latin runs are split at every separator (so "Tashi-Tsering" gives two
 * runs); Tibetan runs keep their tshegs (the syllable splitter needs them) but end at anything that is not
 * Tibetan; Han runs are consecutive Han characters.
 */
export function scriptRuns(name: string): ScriptRun[] {
  const runs: ScriptRun[] = [];
  let current = null as ScriptRun | null;
  for (const ch of name.normalize('NFKC')) {
    let script = charScript(ch);
    if (script === null && TIBETAN_SEPARATOR.test(ch) && current?.script === 'tibetan') script = 'tibetan';
    if (script === null) {
      current = null;
      continue;
    }
    if (current?.script === script) {
      current.text += ch;
    } else {
      current = { script, text: ch };
      runs.push(current);
    }
  }
  return runs;
}

/** Lowercase ASCII form of a Latin token: diacritics dropped (Chödrön → chodron), only [a-z0-9] kept. */
export function normaliseLatin(token: string): string {
  return token
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Tibetan syllables of a run, without tshegs or shads, in NFD so precomposed and decomposed forms compare equal. */
export function tibetanSyllables(text: string): string[] {
  return text
    .normalize('NFD')
    .split(/[\u0F0B-\u0F14\s]+/u)
    .filter((s) => s.length > 0);
}

// Rough letter values for Tibetan consonants U+0F40…U+0F6C (subjoined forms U+0F90… are +0x50). Only used to
// give unknown Tibetan syllables *some* ASCII key; it is not Wylie (no implicit "a", no root-letter analysis).
// prettier-ignore
const TIBETAN_CONSONANTS = [
  'k', 'kh', 'g', 'gh', 'ng', 'c', 'ch', 'j', '', 'ny', 'tt', 'tth', 'dd', 'ddh', 'nn', 't', 'th', 'd', 'dh',
  'n', 'p', 'ph', 'b', 'bh', 'm', 'ts', 'tsh', 'dz', 'dzh', 'w', 'zh', 'z', 'v', 'y', 'r', 'l', 'sh', 'ss',
  's', 'h', '', 'kss', 'r', 'kk', 'r',
];
const TIBETAN_VOWELS: Record<string, string> = {
  '\u0F71': 'a',
  '\u0F72': 'i',
  '\u0F73': 'i',
  '\u0F74': 'u',
  '\u0F75': 'u',
  '\u0F7A': 'e',
  '\u0F7B': 'ai',
  '\u0F7C': 'o',
  '\u0F7D': 'au',
  '\u0F80': 'i',
};

/** ASCII skeleton of one Tibetan syllable (consonants and written vowels), e.g. བཀྲ → "bkr", ཤིས → "shis". */
export function tibetanSkeleton(syllable: string): string {
  let out = '';
  for (const ch of syllable.normalize('NFD')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x0f40 && cp <= 0x0f6c) out += TIBETAN_CONSONANTS[cp - 0x0f40] ?? '';
    else if (cp === 0x0fba || cp === 0x0fbb)
      out += cp === 0x0fba ? 'w' : 'y'; // fixed-form subjoined wa, ya
    else if (cp >= 0x0f90 && cp <= 0x0fbc) out += TIBETAN_CONSONANTS[cp - 0x0f90] ?? '';
    else out += TIBETAN_VOWELS[ch] ?? '';
  }
  return out;
}
