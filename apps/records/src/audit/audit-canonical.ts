import { createHash, createHmac } from 'node:crypto';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditAction = 'lookup' | 'detail' | 'denied';

/** A JSON value as stored in `query` (jsonb): no undefined, no non-finite numbers. */
export type AuditJson = null | boolean | number | string | AuditJson[] | { [key: string]: AuditJson };

/** What the caller states about one audited request. */
export interface AuditEntryInput {
  actor: string;
  actorOrg: string;
  action: AuditAction;
  purposeCode: string | null;
  caseNumber: string | null;
  justification: string | null;
  /** The query terms, as given (after validation). */
  query: { [key: string]: AuditJson };
  resultIds: string[];
  outcome: string;
  /**
   * Who called, as the service's own token check verified it (audit-caller.ts); absent on entries written before
   * migration 1764100000020, and then left out of the canonical form so that their hashes stay valid.
   */
  caller?: AuditCaller | null;
}

/** The verified token claims an entry is bound to (`username`/`org` must equal the entry's actor/actorOrg). */
export interface AuditCaller {
  [key: string]: string | number | null;
  iss: string;
  sub: string;
  jti: string | null;
  azp: string;
  username: string;
  org: string;
  /** Issued-at and expiry, seconds since the epoch. */
  iat: number | null;
  exp: number;
}

/** An entry as chained: the input plus its position, identity and time. */
export interface AuditEntry extends AuditEntryInput {
  seq: number;
  id: string;
  at: Date;
}

export interface AuditRecord extends AuditEntry {
  prevHash: string;
  hash: string;
}

/** Deterministic JSON: object keys sorted (code-point order) at every level, arrays in order, no whitespace. */
export function canonicalJson(value: AuditJson): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('audit JSON numbers must be finite');
      return JSON.stringify(value);
    case 'object': {
      const keys = Object.keys(value).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as AuditJson)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`unsupported audit JSON value of type ${typeof value}`);
  }
}

/**
 * The canonical serialisation of an entry: every field present (explicit nulls), keys sorted, the time as an
 * ISO-8601 UTC string to the millisecond, seq as a decimal number. The hash covers seq, so renumbering rows
 * (swaps, shifts to make room for a forged row) breaks the hashes. `caller` is included when the entry has one.
 */
export function canonicalEntry(entry: AuditEntry): string {
  if (!Number.isSafeInteger(entry.seq) || entry.seq < 1)
    throw new RangeError(`invalid audit seq ${entry.seq}`);
  if (Number.isNaN(entry.at.getTime())) throw new RangeError('invalid audit time');
  return canonicalJson({
    action: entry.action,
    actor: entry.actor,
    actorOrg: entry.actorOrg,
    at: entry.at.toISOString(),
    ...(entry.caller ? { caller: entry.caller } : {}),
    caseNumber: entry.caseNumber,
    id: entry.id,
    justification: entry.justification,
    outcome: entry.outcome,
    purposeCode: entry.purposeCode,
    query: entry.query,
    resultIds: entry.resultIds,
    seq: entry.seq,
  });
}

/**
 * hash = hex(SHA-256(prevHash + canonicalEntry(entry))), or hex(HMAC-SHA-256(key, …)) when a key is given.
 * Without a key anyone who knows the algorithm can recompute a consistent chain after tampering; with a key
 * kept outside the database (service config), only holders of the key can.
 */
export function hashEntry(prevHash: string, entry: AuditEntry, key?: Buffer): string {
  const data = prevHash + canonicalEntry(entry);
  const h = key ? createHmac('sha256', key) : createHash('sha256');
  return h.update(data, 'utf8').digest('hex');
}
