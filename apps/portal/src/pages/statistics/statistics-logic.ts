/*
 * The statistics page's tables: the services count only what happened, so the offices the person oversees come
 * from the directory and every one of them gets a row — zeros for an office with nothing in the period.
 */

export interface OfficeLike {
  readonly code: string;
  readonly kind: string;
  readonly active: boolean;
}

/**
 * The administrative division an organization code names, as the prefix its subordinate divisions share:
 * `proc-540000` (the region) → `54`, `proc-540500` (a city) → `5405`, `isco-540522` (a county) → `540522`.
 */
export function divisionPrefix(orgCode: string): string {
  const division = orgCode.slice(orgCode.lastIndexOf('-') + 1);
  if (division.endsWith('0000')) return division.slice(0, 2);
  if (division.endsWith('00')) return division.slice(0, 4);
  return division;
}

/** Active offices of these kinds in the person's own division and below it, in code order. */
export function officesInReach<O extends OfficeLike>(
  organizations: readonly O[],
  ownOrg: string,
  kinds: readonly string[],
): O[] {
  const prefix = divisionPrefix(ownOrg);
  return organizations
    .filter((o) => o.active && kinds.includes(o.kind) && divisionPrefix(o.code).startsWith(prefix))
    .sort((a, b) => a.code.localeCompare(b.code));
}

export interface ConsultationFigures {
  readonly iscoOrg: string;
  readonly consultations: number;
  readonly casesConsulted: number;
  readonly meetingsHeld: number;
  readonly overdueFollowUps: number;
}

export interface ConsultationRow {
  readonly org: string;
  readonly consultations: number;
  readonly casesConsulted: number;
  readonly meetingsHeld: number;
  readonly overdueFollowUps: number;
}

/** One row per office in reach, then any other office the service counted (seen through a supervision). */
export function consultationRows(
  figures: readonly ConsultationFigures[],
  offices: readonly string[],
): ConsultationRow[] {
  const counted = new Map(figures.map((f) => [f.iscoOrg, f]));
  const codes = [...offices, ...figures.map((f) => f.iscoOrg).filter((c) => !offices.includes(c))];
  return codes.map((org) => {
    const f = counted.get(org);
    return {
      org,
      consultations: f?.consultations ?? 0,
      casesConsulted: f?.casesConsulted ?? 0,
      meetingsHeld: f?.meetingsHeld ?? 0,
      overdueFollowUps: f?.overdueFollowUps ?? 0,
    };
  });
}

export interface MeetingFigures {
  readonly hostOrg: string;
  readonly kind: string;
  readonly meetingsHeld: number;
  readonly casesDiscussed: number;
  readonly referredToCommittee: number;
}

export interface MeetingRow {
  readonly org: string;
  /** Meetings held per kind, every kind of `kinds` present (zero when none). */
  readonly held: Readonly<Record<string, number>>;
  readonly total: number;
  readonly casesDiscussed: number;
  readonly referredToCommittee: number;
}

/** One row per host office in reach (and any other host counted), the kinds as columns. */
export function meetingRows(
  figures: readonly MeetingFigures[],
  offices: readonly string[],
  kinds: readonly string[],
): MeetingRow[] {
  const hosts = [...offices, ...new Set(figures.map((f) => f.hostOrg).filter((c) => !offices.includes(c)))];
  return hosts.map((org) => {
    const mine = figures.filter((f) => f.hostOrg === org);
    const held = Object.fromEntries(kinds.map((k) => [k, 0]));
    for (const f of mine) held[f.kind] = (held[f.kind] ?? 0) + f.meetingsHeld;
    const sum = (pick: (f: MeetingFigures) => number) => mine.reduce((n, f) => n + pick(f), 0);
    return {
      org,
      held,
      total: sum((f) => f.meetingsHeld),
      casesDiscussed: sum((f) => f.casesDiscussed),
      referredToCommittee: sum((f) => f.referredToCommittee),
    };
  });
}

export interface PactFigures {
  readonly key?: string | null;
  readonly sent: number;
  readonly accepted: number;
  readonly returned: number;
  readonly objected: number;
  readonly overdue: number;
}

export const PACT_MEASURES = ['sent', 'accepted', 'returned', 'objected', 'overdue'] as const;
export type PactMeasure = (typeof PACT_MEASURES)[number];

export type PactRow = { readonly pact: string } & Readonly<Record<PactMeasure, number>>;

/**
 * One row per pact in force (zeros when no transfer used it), then the other pacts transfers went under, then
 * the transfers under the default rules (`pact` "") when there are any.
 */
export function pactRows(figures: readonly PactFigures[], pactsInForce: readonly string[]): PactRow[] {
  const counted = new Map(figures.map((f) => [f.key ?? '', f]));
  const others = figures.map((f) => f.key ?? '').filter((k) => k !== '' && !pactsInForce.includes(k));
  const keys = [...pactsInForce, ...others, ...(counted.has('') ? [''] : [])];
  return keys.map((pact) => {
    const f = counted.get(pact);
    return {
      pact,
      sent: f?.sent ?? 0,
      accepted: f?.accepted ?? 0,
      returned: f?.returned ?? 0,
      objected: f?.objected ?? 0,
      overdue: f?.overdue ?? 0,
    };
  });
}
