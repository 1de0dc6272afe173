// How close a stored name is to the name searched for: the kind of match decides the score band, and the reason
// shown beside the score starts with the band's label. This file is the only place that scores names.
import type { NameKeys, NamePart } from './name-keys.js';

export type MatchKind = 'exact' | 'variant' | 'homophone' | 'similar';

/**
 * The score bands, best first. `similar` (a typo, found by trigram similarity) is graded: its score is
 * `score × similarity`, so always below the homophone band (similarity ≤ 1).
 */
export const MATCH_BANDS: Readonly<Record<MatchKind, { readonly score: number; readonly label: string }>> = {
  /** The stored name as searched: same script, same normalised form (case, diacritics, separators aside). */
  exact: { score: 1, label: 'exact spelling' },
  /** Another spelling of the same name: 扎喜次仁 / 扎西才仁 / Tashi Tsering / Zhaxi Cering / བཀྲ་ཤིས་ཚེ་རིང་, Wang Xiaoming / 王小明. */
  variant: { score: 0.9, label: 'spelling variant' },
  /** Same sound, other Chinese characters: 王晓明 / 王小明. */
  homophone: { score: 0.8, label: 'homophone' },
  /** A dictionary key within trigram similarity of the query's key: tashi tserinng / tashi tsering. */
  similar: { score: 0.7, label: 'similar spelling' },
};

export interface NameMatch {
  readonly kind: MatchKind;
  readonly score: number;
  /** `<band label> (<detail>)`, e.g. `spelling variant (扎喜 ~ 扎西: tashi)`. */
  readonly reason: string;
}

const RANK: Readonly<Record<MatchKind, number>> = { exact: 0, variant: 1, homophone: 2, similar: 3 };

function match(kind: MatchKind, detail: string, similarity = 1): NameMatch {
  const band = MATCH_BANDS[kind];
  return {
    kind,
    score: Math.round(band.score * similarity * 1000) / 1000,
    reason: detail.length > 0 ? `${band.label} (${detail})` : band.label,
  };
}

/**
 * A name found under one of the query's own keys (nameKeys): exact, a spelling variant or a homophone. Null
 * when the two share no key — such a name can only have been found as a typo (similarMatch).
 *
 * - Same part sequence (keys[0]): part by part, the same spelling in the same script is exact; another script
 *   (Tashi / 扎西 / བཀྲ་ཤིས་), or two spellings of one part from the variant table (扎喜 / 扎西, Trashi / Tashi),
 *   is a variant; other characters with the same pinyin (小 / 晓, neither a table part) a homophone. The name
 *   takes the worst of its parts.
 * - Only a pinyin, compact or character key in common: two names in Chinese characters are homophones (渣西 /
 *   扎西); otherwise the Latin one is a romanisation of the other (Wang Xiaoming / 王小明): a variant.
 */
export function keyMatch(query: NameKeys, candidate: NameKeys): NameMatch | null {
  const q = query.keys[0];
  const c = candidate.keys[0];
  if (q === undefined || c === undefined) return null;
  if (q === c && query.parts.length === candidate.parts.length) {
    let kind: MatchKind = 'exact';
    const differing: string[] = [];
    for (const [i, p] of query.parts.entries()) {
      const o = candidate.parts[i]!;
      const part = partMatch(p, o);
      if (part !== 'exact') differing.push(`${p.source} ~ ${o.source}: ${p.key}`);
      if (RANK[part] > RANK[kind]) kind = part;
    }
    return match(kind, differing.join('; '));
  }
  const common = candidate.keys.find((k) => query.keys.includes(k));
  if (common === undefined) return null;
  const bothHan = query.script === 'han' && candidate.script === 'han';
  return match(bothHan ? 'homophone' : 'variant', `pinyin ${common}`);
}

function partMatch(p: NamePart, o: NamePart): MatchKind {
  if (p.script !== o.script) return 'variant';
  if (p.source === o.source) return 'exact';
  return p.known && o.known ? 'variant' : 'homophone';
}

/**
 * A name found under a dictionary key (`key`) within trigram `similarity` of the query's primary key: a typo,
 * scored in the `similar` band by similarity; the detail adds the name parts the two share, if any.
 */
export function similarMatch(
  query: NameKeys,
  candidate: NameKeys,
  key: string,
  similarity: number,
): NameMatch {
  const shared = sharedParts(query, candidate);
  return match('similar', `${key} ~ ${query.keys[0] ?? ''}${shared ? `; ${shared}` : ''}`, similarity);
}

/** The known name parts two names share: "same name parts in a different order", "shares name parts: tashi". */
export function sharedParts(query: NameKeys, candidate: NameKeys): string | null {
  const knownKeys = (k: NameKeys): string[] => k.parts.filter((p) => p.known).map((p) => p.key);
  const qParts = knownKeys(query);
  const cParts = knownKeys(candidate);
  const shared = [...new Set(qParts.filter((k) => cParts.includes(k)))];
  if (shared.length === 0) return null;
  const sameMultiset =
    qParts.length === cParts.length && [...qParts].sort().join() === [...cParts].sort().join();
  return sameMultiset
    ? `same name parts in a different order (${query.keys[0]} / ${candidate.keys[0]})`
    : `shares name parts: ${shared.join(', ')}`;
}
