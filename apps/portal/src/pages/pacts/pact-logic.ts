/*
 * What the pacts pages judge from an agreement and the signed-in person: the moves the agreements service's
 * rules allow (apps/agreements/src/agreements: prosecutors and chief prosecutors of a party draft, revise,
 * circulate and amend; only a chief prosecutor of a party signs, and only the newest version, once, while it
 * circulates and before every party has signed), who has signed which version, the diff as rows, and the form's
 * values as the content every party signs. The service decides again; a refusal it gives is shown as it is.
 */

export type PactAction = 'revise' | 'circulate' | 'amend' | 'sign';

export interface PactSignatureFacts {
  readonly orgCode: string;
  readonly signer?: string;
  readonly signedAt?: string;
  readonly valid?: boolean;
}

export interface PactVersionFacts {
  readonly number: number;
  readonly digest?: string | null;
  readonly fullySigned?: boolean | null;
  readonly signatures: readonly PactSignatureFacts[];
}

export interface PactFacts {
  readonly status?: string | null;
  readonly fullView: boolean;
  readonly partyCodes: readonly string[];
  readonly versions: readonly PactVersionFacts[];
}

export interface Person {
  readonly organizationCode: string;
  readonly roles: ReadonlySet<string>;
}

/** Stored state "active": waiting for signatures, in force or past its term (amendments and signing allowed). */
const ACTIVE = new Set(['CIRCULATING', 'IN_FORCE', 'EXPIRED']);

/** The newest version (the one that is signed); versions come newest first but are not relied on to. */
export function newestVersion<V extends PactVersionFacts>(versions: readonly V[]): V | undefined {
  return [...versions].sort((a, b) => b.number - a.number)[0];
}

export function pactActions(p: PactFacts, who: Person): PactAction[] {
  if (!p.fullView || !p.partyCodes.includes(who.organizationCode)) return [];
  const chief = who.roles.has('chief-prosecutor');
  const prosecutor = chief || who.roles.has('prosecutor');
  const actions: PactAction[] = [];
  if (p.status === 'DRAFT' && prosecutor) actions.push('revise', 'circulate');
  if (p.status && ACTIVE.has(p.status) && prosecutor) actions.push('amend');
  if (p.status && ACTIVE.has(p.status) && chief && awaitsSignatureOf(p, who.organizationCode))
    actions.push('sign');
  return actions;
}

/** The newest version circulates, not every party has signed it, and this organization has not. */
export function awaitsSignatureOf(p: PactFacts, org: string): boolean {
  const newest = newestVersion(p.versions);
  if (!newest || !newest.digest || newest.fullySigned) return false;
  return p.partyCodes.includes(org) && !newest.signatures.some((s) => s.orgCode === org);
}

export interface SignatureRow {
  readonly key: string;
  readonly version: number;
  readonly orgCode: string;
  /** null: this party has not signed this version. */
  readonly signature: PactSignatureFacts | null;
}

/** Per version (newest first), every party: its signature or none yet. */
export function signatureRows(p: PactFacts): SignatureRow[] {
  return [...p.versions]
    .sort((a, b) => b.number - a.number)
    .flatMap((v) =>
      p.partyCodes.map((orgCode) => ({
        key: `${v.number}:${orgCode}`,
        version: v.number,
        orgCode,
        signature: v.signatures.find((s) => s.orgCode === orgCode) ?? null,
      })),
    );
}

export type ClauseChangeKind = 'added' | 'removed' | 'changed';

export interface DiffRow {
  readonly key: string;
  readonly number: number;
  readonly change: ClauseChangeKind;
  readonly before: string | null;
  readonly after: string | null;
}

/** The service's clause changes as rows in clause order; an unknown change word counts as "changed". */
export function diffRows(
  clauses: readonly { number: number; change: string; before?: string | null; after?: string | null }[],
): DiffRow[] {
  return [...clauses]
    .sort((a, b) => a.number - b.number)
    .map((c) => {
      const change: ClauseChangeKind = c.change === 'added' || c.change === 'removed' ? c.change : 'changed';
      return {
        key: `clause-${c.number}`,
        number: c.number,
        change,
        before: change === 'added' ? null : (c.before ?? ''),
        after: change === 'removed' ? null : (c.after ?? ''),
      };
    });
}

/** The values of the drafting form. */
export interface PactFormValues {
  code?: string;
  kind?: string;
  partyCodes?: string[];
  titleZh?: string;
  titleEn?: string;
  clauses?: ({ text?: string } | undefined)[];
  effectiveFrom?: string;
  effectiveTo?: string;
  businessLines?: string[];
  caseCategories?: string[];
  divisionCodes?: string;
  basinCode?: string;
  acknowledgeWithinDays?: number;
  decideWithinDays?: number;
  shareRecordsLookup?: boolean;
}

export interface PactContent {
  titleZh: string;
  titleEn: string;
  clauses: { number: number; text: string }[];
  effectiveFrom: string;
  effectiveTo: string | null;
  scope: { businessLines: string[]; caseCategories: string[]; divisionCodes: string[]; basinCode?: string };
  settings: { acknowledgeWithinDays: number; decideWithinDays: number; shareRecordsLookup: boolean };
}

/** Six-digit division codes from what was typed (commas, spaces or new lines between them). */
export function divisionCodesOf(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s,，、;；]+/).filter(Boolean))];
}

/** The form's values as the version content: empty clauses dropped and the rest numbered 1, 2, 3… */
export function contentOf(v: PactFormValues): PactContent {
  const clauses = (v.clauses ?? [])
    .map((c) => (c?.text ?? '').trim())
    .filter((text) => text !== '')
    .map((text, i) => ({ number: i + 1, text }));
  const basin = v.basinCode?.trim();
  return {
    titleZh: (v.titleZh ?? '').trim(),
    titleEn: (v.titleEn ?? '').trim(),
    clauses,
    effectiveFrom: v.effectiveFrom ?? '',
    effectiveTo: v.effectiveTo ? v.effectiveTo : null,
    scope: {
      businessLines: v.businessLines ?? [],
      caseCategories: v.caseCategories ?? [],
      divisionCodes: divisionCodesOf(v.divisionCodes),
      ...(basin ? { basinCode: basin } : {}),
    },
    settings: {
      acknowledgeWithinDays: v.acknowledgeWithinDays ?? 3,
      decideWithinDays: v.decideWithinDays ?? 10,
      shareRecordsLookup: v.shareRecordsLookup ?? false,
    },
  };
}

/** A version as the form's values, for amending it or revising the draft. */
export function formValuesOf(v: {
  titleZh: string;
  titleEn: string;
  clauses: readonly { number: number; text: string }[];
  effectiveFrom: string;
  effectiveTo?: string | null;
  scope?: {
    businessLines: readonly string[];
    caseCategories: readonly string[];
    divisionCodes: readonly string[];
    basinCode?: string | null;
  } | null;
  settings?: { acknowledgeWithinDays: number; decideWithinDays: number; shareRecordsLookup: boolean } | null;
}): PactFormValues {
  return {
    titleZh: v.titleZh,
    titleEn: v.titleEn,
    clauses: [...v.clauses].sort((a, b) => a.number - b.number).map((c) => ({ text: c.text })),
    effectiveFrom: v.effectiveFrom,
    ...(v.effectiveTo ? { effectiveTo: v.effectiveTo } : {}),
    businessLines: [...(v.scope?.businessLines ?? [])],
    caseCategories: [...(v.scope?.caseCategories ?? [])],
    // A basin's member divisions were added when the version was made: they are kept as divisions.
    divisionCodes: (v.scope?.divisionCodes ?? []).join(', '),
    ...(v.scope?.basinCode ? { basinCode: v.scope.basinCode } : {}),
    acknowledgeWithinDays: v.settings?.acknowledgeWithinDays ?? 3,
    decideWithinDays: v.settings?.decideWithinDays ?? 10,
    shareRecordsLookup: v.settings?.shareRecordsLookup ?? false,
  };
}

/** The SHA-256 hex digest in groups of eight, so a person can compare it piece by piece. */
export function groupedDigest(digest: string): string {
  return (digest.match(/.{1,8}/g) ?? []).join(' ');
}
