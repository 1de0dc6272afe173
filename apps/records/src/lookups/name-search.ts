import type { EntityManager } from 'typeorm';
import { nameKeys, type NameKeys } from '../names/name-keys.js';
import { keyMatch, similarMatch, type NameMatch } from '../names/name-match.js';
import { personsByNameKeys, similarKeys, type NameFilters, type NameHit } from './record-queries.js';

/** One person of a name search: the score band and reason of their best-matching name (names/name-match.ts). */
export interface NameSearchHit {
  readonly personId: string;
  readonly score: number;
  readonly reason: string;
  readonly matchedName: string;
}

/**
 * Whether a dictionary key is as long as a typo of `query` could make it: pg_trgm compares sets of trigrams, so
 * "zha zha zha …" is "similar" to every name starting with "zha". A typo changes a few letters, not the length.
 */
export function typoLength(query: string, key: string): boolean {
  return Math.abs(query.length - key.length) <= Math.max(3, Math.ceil(query.length * 0.25));
}

/**
 * The persons a name matches, best first: up to `limit` distinct persons among those the caller may read
 * (`holders`) within the filters, and `more` exactly when more of them match.
 *
 * 1. The query's own keys (personsByNameKeys): exact spellings, spelling variants and homophones.
 * 2. Unless the name is written in Chinese characters, dictionary keys within trigram similarity of its primary
 *    key (typos), as long as step 1 has not already found more than `limit` persons. A name in characters is
 *    matched by its characters and its pinyin (homophones: 王晓明 and 王小明); its pinyin keys share trigrams with
 *    a great many others, so a trigram search over them costs 20-60 ms at 1M persons and would mostly find
 *    different people. Typo tolerance is for the other scripts.
 *
 * Each step asks for `limit + 1` persons per key, so a key either has been read whole or alone proves `more`.
 * Each person is scored by their best name (names/name-match.ts): a person found in step 1 keeps that score;
 * persons under several keys count once.
 */
export async function searchNames(
  m: EntityManager,
  query: NameKeys,
  filters: NameFilters,
  holders: readonly string[],
  limit: number,
): Promise<{ hits: NameSearchHit[]; more: boolean }> {
  const found = new Map<string, NameSearchHit>();
  const take = (rows: readonly NameHit[], scoreOf: (row: NameHit, name: NameKeys) => NameMatch) => {
    for (const row of rows) {
      for (const name of row.names) {
        const scored = scoreOf(row, nameKeys(name));
        const had = found.get(row.person_id);
        if (had && had.score >= scored.score) continue; // the better of their names
        found.set(row.person_id, {
          personId: row.person_id,
          score: scored.score,
          reason: scored.reason,
          matchedName: name,
        });
      }
    }
  };
  const exact = query.keys;
  // A name under one of the query's keys always shares that key; the fallback is for a stored key that the
  // current keying no longer gives (until the service re-keys at its next start).
  take(
    await personsByNameKeys(m, exact, filters, holders, limit + 1),
    (row, name) => keyMatch(query, name) ?? similarMatch(query, name, exact[row.ord]!, 1),
  );
  if (found.size <= limit && query.han.length === 0) {
    const primary = query.keys[0]!;
    const similar = (await similarKeys(m, primary)).filter(
      (k) => !exact.includes(k.key) && typoLength(primary, k.key),
    );
    const keys = similar.map((k) => k.key);
    take(await personsByNameKeys(m, keys, filters, holders, limit + 1), (row, name) =>
      similarMatch(query, name, keys[row.ord]!, similar[row.ord]!.similarity),
    );
  }
  const hits = [...found.values()].sort(
    (a, b) =>
      b.score - a.score || a.matchedName.localeCompare(b.matchedName) || a.personId.localeCompare(b.personId),
  );
  return { hits: hits.slice(0, limit), more: hits.length > limit };
}
