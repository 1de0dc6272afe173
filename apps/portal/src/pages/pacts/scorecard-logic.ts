/*
 * The scorecards as the page shows them: one row per pact (or organization) with a name, and the same figures
 * as bar-chart series and as a sentence for the chart's accessible label.
 */

export interface ScorecardLike {
  readonly key?: string | null;
  readonly sent: number;
  readonly received: number;
  readonly accepted: number;
  readonly returned: number;
  readonly objected: number;
  readonly overdue: number;
  readonly medianHoursToAcknowledge?: number | null;
  readonly medianHoursToDecide?: number | null;
}

export const MEASURES = ['sent', 'received', 'accepted', 'returned', 'objected', 'overdue'] as const;
export type Measure = (typeof MEASURES)[number];

export interface ScorecardRow extends ScorecardLike {
  /** Stable row key: the pact or organization code, or "" for the default rules. */
  readonly id: string;
  readonly name: string;
}

/** Rows named by `nameOf` (null key = the default rules), sorted by most sent first, then by name. */
export function scorecardRows(
  cards: readonly ScorecardLike[],
  nameOf: (key: string | null) => string,
): ScorecardRow[] {
  return cards
    .map((c) => ({ ...c, id: c.key ?? '', name: nameOf(c.key ? c.key : null) }))
    .sort((a, b) => b.sent - a.sent || a.name.localeCompare(b.name));
}

/** Hours with one decimal, or a dash when there is no median yet. */
export function hours(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : (Math.round(value * 10) / 10).toFixed(1);
}

export interface BarSeries {
  readonly measure: Measure;
  readonly name: string;
  readonly data: number[];
}

/** One series per measure over the rows (categories in row order). */
export function barSeries(rows: readonly ScorecardRow[], label: (m: Measure) => string): BarSeries[] {
  return MEASURES.map((m) => ({ measure: m, name: label(m), data: rows.map((r) => r[m]) }));
}

/** "name: sent 3, accepted 2, …; name2: …" — what the chart shows, for its aria-label. */
export function chartSummary(rows: readonly ScorecardRow[], label: (m: Measure) => string): string {
  return rows.map((r) => `${r.name}: ${MEASURES.map((m) => `${label(m)} ${r[m]}`).join(', ')}`).join('; ');
}
