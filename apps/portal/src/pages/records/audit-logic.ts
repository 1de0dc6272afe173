/** What an audit entry's stored query asked, for people: its kind and terms (docs/records.md, "The audit log"). */
export type AskedQuery =
  | { kind: 'citizen-id'; citizenId: string }
  | { kind: 'name'; name: string; birthDate: string | null }
  | { kind: 'detail'; personId: string }
  | { kind: 'other'; text: string };

export function askedQuery(json: string): AskedQuery {
  let q: Record<string, unknown>;
  try {
    q = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return { kind: 'other', text: json };
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  if (q['kind'] === 'citizen-id') return { kind: 'citizen-id', citizenId: str(q['citizenId']) };
  if (q['kind'] === 'name')
    return { kind: 'name', name: str(q['name']), birthDate: str(q['birthDate']) || null };
  if (q['kind'] === 'detail') return { kind: 'detail', personId: str(q['personId']) };
  return { kind: 'other', text: json };
}

/** An outcome as a message key: i18next reads `:` as a namespace separator, so `denied:role` is `denied_role`. */
export const outcomeKey = (outcome: string): string => outcome.replace(/[:-]/g, '_');

/** The outcomes the filter offers, as the gateway's enum names them. */
export const OUTCOME_FILTERS = [
  'OK',
  'NO_MATCH',
  'NOT_FOUND',
  'DENIED',
  'DENIED_ROLE',
  'DENIED_ORGANIZATION',
  'DENIED_HOLDER',
  'REJECTED',
  'REJECTED_PURPOSE',
  'REJECTED_INPUT',
  'RATE_LIMITED',
] as const;
export type OutcomeFilter = (typeof OUTCOME_FILTERS)[number];

/** The stored outcome an enum name stands for (DENIED_HOLDER → denied:holder; DENIED → denied). */
export function outcomeOfFilter(filter: OutcomeFilter): string {
  const [head, ...rest] = filter.toLowerCase().split('_');
  if (head === 'denied' || head === 'rejected') return rest.length > 0 ? `${head}:${rest.join('-')}` : head;
  return filter.toLowerCase().replace(/_/g, '-');
}

/**
 * A period of whole days in Beijing time, as the instants the service filters by: from the start of `fromDay`
 * to the end of `toDay` (both YYYY-MM-DD, both optional).
 */
export function periodInstants(fromDay: string | null, toDay: string | null): { from?: string; to?: string } {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const out: { from?: string; to?: string } = {};
  if (fromDay && day.test(fromDay)) out.from = `${fromDay}T00:00:00+08:00`;
  if (toDay && day.test(toDay)) {
    const next = new Date(`${toDay}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    out.to = `${next.toISOString().slice(0, 10)}T00:00:00+08:00`;
  }
  return out;
}

/** An instant as Beijing wall-clock time to the second: 2026-12-04 10:15:30. */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
