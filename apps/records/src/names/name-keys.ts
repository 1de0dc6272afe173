// Normalises a person's name, in any script, into comparable keys that the name search stores per person and
// matches with pg_trgm (GIN). Tibetan names become the sequence of canonical part keys from the variant
// table (扎喜次仁, 扎西才仁, Tashi Tsering and བཀྲ་ཤིས་ཚེ་རིང་ all give "tashi tsering"); Han names become
// toneless pinyin ("wang xiao ming") plus the characters themselves.
//
// Input is not validated here: empty (after trimming) or longer than MAX_NAME_LENGTH characters gives
// `keys: []`, and the caller (the search service) turns that into its typed validation error. The length check
// comes first, so the cost is bounded whatever the input. SQL/LIKE metacharacters (% _ \ ') and all other
// punctuation are separators: keys only ever contain [a-z0-9 ] and Han characters.
import { pinyin } from 'pinyin-pro';

import { normaliseLatin, scriptRuns, tibetanSkeleton, tibetanSyllables } from './name-text.js';
import { NAME_PART_INDEX, type NamePartIndex } from './tibetan-name-parts.js';

export const MAX_NAME_LENGTH = 100;

export type NameScript = 'han' | 'tibetan' | 'latin' | 'mixed';

/** One segment of a name: a known Tibetan name part (key from the table) or a fallback token. */
export type NamePart = {
  /** Canonical part key (known) or the pinyin / lowercase Latin / rough Tibetan fallback. */
  readonly key: string;
  /** The spelling as written in the input (e.g. 扎喜). */
  readonly source: string;
  readonly known: boolean;
  readonly script: 'han' | 'tibetan' | 'latin';
};

export type NameKeys = {
  /** keys[0] is the primary key (the part sequence); the rest are alternatives. Deduplicated. */
  readonly keys: string[];
  /** Script of the input; input without any letters counts as 'latin'. */
  readonly script: NameScript;
  /** Segmentation behind keys[0], for scoring matches (name-match.ts) and for debugging. */
  readonly parts: readonly NamePart[];
  /** Toneless pinyin of the Han characters (empty when the name has none). */
  readonly pinyin: string;
  /** The Han characters of the name, concatenated (empty when none). */
  readonly han: string;
};

const EMPTY: NameKeys = { keys: [], script: 'latin', parts: [], pinyin: '', han: '' };
const KEY_SHAPE = /^[a-z0-9 \p{Script=Han}]+$/u;

export function nameKeys(name: string, index: NamePartIndex = NAME_PART_INDEX): NameKeys {
  const trimmed = name.trim();
  // Bounded work: count at most MAX_NAME_LENGTH + 1 code points before giving up.
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH * 2 || [...trimmed].length > MAX_NAME_LENGTH) {
    return EMPTY;
  }
  const runs = scriptRuns(trimmed);
  if (runs.length === 0) return EMPTY;

  const parts: NamePart[] = [];
  const pinyinSequence: string[] = [];
  let han = '';
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    if (run.script === 'han') {
      const syllables = hanPinyin(run.text);
      parts.push(...segmentHan(run.text, syllables, index));
      pinyinSequence.push(...syllables);
      han += run.text;
    } else if (run.script === 'tibetan') {
      const segmented = segmentTibetan(run.text, index);
      parts.push(...segmented);
      pinyinSequence.push(...segmented.map((p) => p.key));
    } else {
      // "Nyi-ma", "Tse ring": a token may be merged with the Latin run right after it.
      const nextRun = runs[r + 1];
      const next = nextRun?.script === 'latin' ? normaliseLatin(nextRun.text) : undefined;
      const { segmented, consumed } = segmentLatin(normaliseLatin(run.text), next, index);
      r += consumed - 1;
      parts.push(...segmented);
      pinyinSequence.push(...segmented.map((p) => p.key));
    }
  }
  const scripts = new Set(runs.map((x) => x.script));
  const script: NameScript = scripts.size > 1 ? 'mixed' : runs[0]!.script;

  const primary = parts.map((p) => p.key).join(' ');
  const keys = [primary];
  if (parts.some((p) => !p.known)) keys.push(primary.replaceAll(' ', ''));
  const pinyinKey = pinyinSequence.join(' ');
  if (han.length > 0) keys.push(pinyinKey, pinyinKey.replaceAll(' ', ''), han);
  const unique = [...new Set(keys)].filter((k) => k.length > 0 && KEY_SHAPE.test(k));
  return { keys: unique, script, parts, pinyin: han.length > 0 ? pinyinKey : '', han };
}

/** Toneless pinyin per Han character (ü written as v, as in pinyin input methods). */
function hanPinyin(text: string): string[] {
  const chars = [...text];
  const whole = pinyin(text, { toneType: 'none', type: 'array', v: true }).map(normaliseLatin);
  if (whole.length === chars.length && whole.every((s) => s.length > 0)) return whole;
  // Rare characters pinyin-pro does not know come back unchanged; give them no pinyin rather than garbage.
  return chars.map((c) => normaliseLatin(pinyin(c, { toneType: 'none', v: true })));
}

/** Greedy longest match of the table's Chinese spellings; characters outside any part fall back to pinyin. */
function segmentHan(text: string, syllables: readonly string[], index: NamePartIndex): NamePart[] {
  const chars = [...text];
  const out: NamePart[] = [];
  for (let i = 0; i < chars.length;) {
    let matched = false;
    for (let len = Math.min(index.maxHanLength, chars.length - i); len > 0 && !matched; len--) {
      const source = chars.slice(i, i + len).join('');
      const key = index.han.get(source);
      if (key !== undefined) {
        out.push({ key, source, known: true, script: 'han' });
        i += len;
        matched = true;
      }
    }
    if (!matched) {
      const key = syllables[i] ?? '';
      if (key.length > 0) out.push({ key, source: chars[i]!, known: false, script: 'han' });
      i += 1;
    }
  }
  return out;
}

/** Tibetan script: split into syllables at tshegs, then greedy longest match of syllable sequences. */
function segmentTibetan(text: string, index: NamePartIndex): NamePart[] {
  const syllables = tibetanSyllables(text);
  const out: NamePart[] = [];
  for (let i = 0; i < syllables.length;) {
    let matched = false;
    for (let len = Math.min(index.maxTibetanSyllables, syllables.length - i); len > 0 && !matched; len--) {
      const source = syllables.slice(i, i + len).join('\u0F0B');
      const key = index.tibetan.get(source);
      if (key !== undefined) {
        out.push({ key, source, known: true, script: 'tibetan' });
        i += len;
        matched = true;
      }
    }
    if (!matched) {
      const key = tibetanSkeleton(syllables[i]!);
      if (key.length > 0) out.push({ key, source: syllables[i]!, known: false, script: 'tibetan' });
      i += 1;
    }
  }
  return out;
}

/**
 * Latin: a token that splits completely into known spellings ("tashitsering") gives those parts; otherwise the
 * token merged with the next one is tried ("nyi-ma"); otherwise the lowercase token itself is the part.
 */
function segmentLatin(
  token: string,
  next: string | undefined,
  index: NamePartIndex,
): { segmented: NamePart[]; consumed: number } {
  const alone = splitLatin(token, index);
  if (alone) return { segmented: alone, consumed: 1 };
  if (next !== undefined) {
    const merged = splitLatin(token + next, index);
    if (merged) return { segmented: merged, consumed: 2 };
  }
  return token.length > 0
    ? { segmented: [{ key: token, source: token, known: false, script: 'latin' }], consumed: 1 }
    : { segmented: [], consumed: 1 };
}

/** Splits a normalised Latin token into the fewest known spellings (dynamic programming), or null. */
function splitLatin(token: string, index: NamePartIndex): NamePart[] | null {
  if (token.length === 0) return null;
  const n = token.length;
  // best[i] = fewest parts covering token[0, i); from[i] = start of the last part.
  const best = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    if (best[i] === Infinity) continue;
    for (let len = 1; len <= Math.min(index.maxLatinLength, n - i); len++) {
      if (index.latin.has(token.slice(i, i + len)) && best[i]! + 1 < best[i + len]!) {
        best[i + len] = best[i]! + 1;
        from[i + len] = i;
      }
    }
  }
  if (best[n] === Infinity) return null;
  const out: NamePart[] = [];
  for (let end = n; end > 0; end = from[end]!) {
    const source = token.slice(from[end]!, end);
    out.unshift({ key: index.latin.get(source)!, source, known: true, script: 'latin' });
  }
  return out;
}
