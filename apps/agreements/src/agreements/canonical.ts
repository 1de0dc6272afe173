import { createHash } from 'node:crypto';
import type { VersionContentJson } from './agreement-version.entity.js';

/** What identifies a version beyond its content: the agreement it belongs to. */
export interface VersionIdentity {
  code: string;
  kind: string;
  partyCodes: readonly string[];
  number: number;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/**
 * The canonical text of a version — what a signature binds: JSON with sorted keys, parties and scope lists
 * sorted, clauses in number order, no insignificant whitespace. The same content always gives the same text,
 * whatever order it was stored in.
 */
export function canonicalText(id: VersionIdentity, content: VersionContentJson): string {
  const sorted = (xs: readonly string[]) => [...xs].sort();
  return JSON.stringify(
    sortKeys({
      agreement: id.code,
      kind: id.kind,
      parties: sorted(id.partyCodes),
      version: id.number,
      titleZh: content.titleZh,
      titleEn: content.titleEn,
      scope: {
        businessLines: sorted(content.scope.businessLines),
        caseCategories: sorted(content.scope.caseCategories),
        divisionCodes: sorted(content.scope.divisionCodes),
        basinCode: content.scope.basinCode,
      },
      clauses: [...content.clauses]
        .sort((a, b) => a.number - b.number)
        .map((c) => ({ number: c.number, text: c.text })),
      effectiveFrom: content.effectiveFrom,
      effectiveTo: content.effectiveTo,
      settings: content.settings,
    }),
  );
}

/** SHA-256 (hex) of the canonical text. */
export function versionDigest(id: VersionIdentity, content: VersionContentJson): string {
  return createHash('sha256').update(canonicalText(id, content), 'utf8').digest('hex');
}

export interface ClauseChange {
  number: number;
  change: 'added' | 'removed' | 'changed';
  before: string;
  after: string;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

/** What changed between two versions: clause by clause, then every other field. */
export function diffContent(
  from: VersionContentJson,
  to: VersionContentJson,
): { clauses: ClauseChange[]; fields: FieldChange[] } {
  const before = new Map(from.clauses.map((c) => [c.number, c.text]));
  const after = new Map(to.clauses.map((c) => [c.number, c.text]));
  const numbers = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  const clauses: ClauseChange[] = [];
  for (const number of numbers) {
    const b = before.get(number);
    const a = after.get(number);
    if (b === undefined) clauses.push({ number, change: 'added', before: '', after: a! });
    else if (a === undefined) clauses.push({ number, change: 'removed', before: b, after: '' });
    else if (a !== b) clauses.push({ number, change: 'changed', before: b, after: a });
  }
  const flat = (c: VersionContentJson): Record<string, string> => ({
    titleZh: c.titleZh,
    titleEn: c.titleEn,
    effectiveFrom: c.effectiveFrom,
    effectiveTo: c.effectiveTo,
    'scope.businessLines': [...c.scope.businessLines].sort().join(', '),
    'scope.caseCategories': [...c.scope.caseCategories].sort().join(', '),
    'scope.divisionCodes': [...c.scope.divisionCodes].sort().join(', '),
    'scope.basinCode': c.scope.basinCode,
    'settings.acknowledgeWithinDays': String(c.settings.acknowledgeWithinDays),
    'settings.decideWithinDays': String(c.settings.decideWithinDays),
    'settings.shareRecordsLookup': String(c.settings.shareRecordsLookup),
  });
  const f = flat(from);
  const t = flat(to);
  const fields = Object.keys(f)
    .filter((k) => f[k] !== t[k])
    .map((field) => ({ field, before: f[field]!, after: t[field]! }));
  return { clauses, fields };
}
