import type { ListLookupAuditEntriesRequest } from '@yiti/contracts';
import type { Violation } from '@yiti/messaging';
import type { EntityManager } from 'typeorm';
import { canonicalJson, type AuditJson } from './audit-canonical.js';

export const DEFAULT_AUDIT_PAGE = 50;
export const MAX_AUDIT_PAGE = 200;

/** Every outcome an entry may have (lookups.service.ts), and the groups a filter may name. */
export const AUDIT_OUTCOMES = [
  'ok',
  'no-match',
  'not-found',
  'denied:role',
  'denied:organization',
  'denied:holder',
  'rejected:purpose',
  'rejected:input',
  'rate-limited',
] as const;
export const AUDIT_OUTCOME_GROUPS = ['denied', 'rejected'] as const;

/** An instant with its offset: 2026-12-01T00:00:00+08:00, 2026-12-01T08:30:00.000Z. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const USERNAME = /^[\p{L}\p{N}._@-]{1,100}$/u;
const ORG_CODE = /^[A-Za-z0-9._-]{1,64}$/;

export interface AuditFilter {
  from: Date | null;
  to: Date | null;
  actor: string | null;
  actorOrg: string | null;
  outcome: string | null;
  beforeSeq: bigint | null;
  limit: number;
}

/** The request's filters, checked: the filter, or what is wrong with each field. */
export function checkAuditFilter(
  r: ListLookupAuditEntriesRequest,
): { ok: true; filter: AuditFilter } | { ok: false; violations: Violation[] } {
  const violations: Violation[] = [];
  const instant = (field: string, value: string): Date | null => {
    if (!value) return null;
    const at = INSTANT.test(value) ? new Date(value) : null;
    if (!at || Number.isNaN(at.getTime())) {
      violations.push({
        field,
        message: 'must be an ISO-8601 instant with an offset, e.g. 2026-12-01T00:00:00+08:00',
      });
      return null;
    }
    return at;
  };
  const from = instant('from', r.from);
  const to = instant('to', r.to);
  if (from && to && from.getTime() > to.getTime())
    violations.push({ field: 'to', message: 'must not be before from' });
  if (r.actor && !USERNAME.test(r.actor))
    violations.push({ field: 'actor', message: 'must be a username (1-100 letters, digits, . _ @ -)' });
  if (r.actorOrg && !ORG_CODE.test(r.actorOrg))
    violations.push({
      field: 'actorOrg',
      message: 'must be an organization code (1-64 letters, digits, . _ -)',
    });
  if (
    r.outcome &&
    !(AUDIT_OUTCOMES as readonly string[]).includes(r.outcome) &&
    !(AUDIT_OUTCOME_GROUPS as readonly string[]).includes(r.outcome)
  ) {
    violations.push({
      field: 'outcome',
      message: `must be one of ${[...AUDIT_OUTCOMES, ...AUDIT_OUTCOME_GROUPS].join(', ')}`,
    });
  }
  if (r.limit > MAX_AUDIT_PAGE) violations.push({ field: 'limit', message: `must be 1-${MAX_AUDIT_PAGE}` });
  if (violations.length > 0) return { ok: false, violations };
  return {
    ok: true,
    filter: {
      from,
      to,
      actor: r.actor || null,
      actorOrg: r.actorOrg || null,
      outcome: r.outcome || null,
      beforeSeq: r.beforeSeq > 0n ? r.beforeSeq : null,
      limit: r.limit || DEFAULT_AUDIT_PAGE,
    },
  };
}

interface Row {
  seq: string;
  id: string;
  at: Date;
  actor: string;
  actor_org: string;
  action: string;
  purpose_code: string | null;
  case_number: string | null;
  justification: string | null;
  query: { [key: string]: AuditJson };
  result_ids: string[];
  outcome: string;
}

/**
 * One page of the audit trail, newest first, every filter a parameter. (ORDER BY names the table's bigint seq:
 * a bare "seq" would be the text column of the select list, and 10 would sort before 9.)
 */
export async function listAuditEntries(m: EntityManager, f: AuditFilter) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.from) add(`"at" >= ?`, f.from);
  if (f.to) add(`"at" < ?`, f.to);
  if (f.actor) add(`"actor" = ?`, f.actor);
  if (f.actorOrg) add(`"actor_org" = ?`, f.actorOrg);
  if (f.outcome === 'denied' || f.outcome === 'rejected') add(`starts_with("outcome", ?)`, `${f.outcome}:`);
  else if (f.outcome) add(`"outcome" = ?`, f.outcome);
  if (f.beforeSeq !== null) add(`"seq" < ?`, f.beforeSeq.toString());
  params.push(f.limit + 1);
  const rows = (await m.query(
    `SELECT "seq"::text AS seq, "id", "at", "actor", "actor_org", "action", "purpose_code", "case_number",
            "justification", "query", "result_ids", "outcome"
       FROM "records"."audit_log"
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY "audit_log"."seq" DESC
      LIMIT $${params.length}`,
    params,
  )) as Row[];
  const page = rows.slice(0, f.limit);
  const more = rows.length > f.limit;
  return {
    entries: page.map((r) => ({
      id: r.id,
      seq: BigInt(r.seq),
      at: r.at.toISOString(),
      actor: r.actor,
      actorOrg: r.actor_org,
      action: r.action,
      purposeCode: r.purpose_code ?? '',
      caseNumber: r.case_number ?? '',
      justification: r.justification ?? '',
      query: canonicalJson(r.query),
      resultIds: r.result_ids,
      outcome: r.outcome,
    })),
    more,
    nextBeforeSeq: more ? BigInt(page[page.length - 1]!.seq) : 0n,
  };
}
