import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { callerProblem } from './audit-caller.js';
import {
  GENESIS_HASH,
  hashEntry,
  type AuditAction,
  type AuditCaller,
  type AuditEntryInput,
  type AuditJson,
  type AuditRecord,
} from './audit-canonical.js';

export * from './audit-canonical.js';

/**
 * Key of the transaction-scoped advisory lock that serialises appends (the insert trigger takes it too).
 * Must equal the expression in migration 1764100000000-create-records-audit.
 */
export const AUDIT_LOCK_SQL = `hashtextextended('yiti:records.audit_log', 0)`;

/**
 * Takes the chain's lock for the rest of the caller's transaction (appending takes it too; taking it twice is
 * fine). For work that must see the log as of the next append, e.g. counting a user's recent entries.
 */
export async function lockAuditChain(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_SQL})`);
}

export interface AuditChainOptions {
  /**
   * Optional HMAC key (from the service config, never stored in the database). The same key must be used for
   * every entry and for verification; changing it needs a documented re-anchoring, not a silent switch.
   */
  hmacKey?: Buffer;
}

/**
 * Appends one entry to `records.audit_log`, inside the caller's transaction: {@link appendAuditBatch} of one.
 */
export async function appendAudit(
  manager: EntityManager,
  input: AuditEntryInput,
  options: AuditChainOptions = {},
): Promise<AuditRecord> {
  const [record] = await appendAuditBatch(manager, [input], options);
  return record!;
}

/**
 * Appends entries to `records.audit_log`, in order, inside the caller's transaction, with one INSERT.
 *
 * Contract: `manager` must be in a transaction (`dataSource.transaction(m => …)`). The append takes an
 * advisory lock held until that transaction ends (take it earlier with {@link lockAuditChain} to read the log
 * as of the append), so appends are strictly serialised and the chain stays linear; keep the transaction short.
 * Whatever the entries stand for may be acted on only after the transaction has COMMITTED — if the append or the
 * commit fails, nothing of it happened. Each row's insert trigger checks that it extends the head and moves the
 * head on (a later row of the same INSERT sees the head the earlier one left).
 */
export async function appendAuditBatch(
  manager: EntityManager,
  inputs: readonly AuditEntryInput[],
  options: AuditChainOptions = {},
): Promise<AuditRecord[]> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendAudit must run inside the caller’s transaction');
  }
  if (inputs.length === 0) return [];
  await lockAuditChain(manager);
  const [head] = (await manager.query(
    `SELECT "seq"::text AS seq, "hash", "at" FROM "records"."audit_head" WHERE "singleton"`,
  )) as Array<{ seq: string; hash: string; at: Date | null }>;
  if (!head) throw new Error('records.audit_head is missing');
  const now = Date.now();
  const at = new Date(head.at && head.at.getTime() > now ? head.at.getTime() : now);
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const records = inputs.map((raw): AuditRecord => {
    const input = storable(raw);
    const record: AuditRecord = {
      ...input,
      query: JSON.parse(JSON.stringify(input.query)) as { [key: string]: AuditJson },
      resultIds: [...input.resultIds],
      seq: (seq += 1),
      id: randomUUID(),
      at,
      prevHash,
      hash: '',
    };
    record.hash = prevHash = hashEntry(record.prevHash, record, options.hmacKey);
    return record;
  });
  const rows = records.map((r) => ({
    seq: r.seq,
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor,
    actor_org: r.actorOrg,
    action: r.action,
    purpose_code: r.purposeCode,
    case_number: r.caseNumber,
    justification: r.justification,
    query: r.query,
    result_ids: r.resultIds,
    outcome: r.outcome,
    prev_hash: r.prevHash,
    hash: r.hash,
    caller: r.caller ?? null,
  }));
  await manager.query(
    `INSERT INTO "records"."audit_log" ("seq", "id", "at", "actor", "actor_org", "action", "purpose_code",
       "case_number", "justification", "query", "result_ids", "outcome", "prev_hash", "hash", "caller")
     SELECT t."seq", t."id", t."at", t."actor", t."actor_org", t."action", t."purpose_code", t."case_number",
            t."justification", t."query", t."result_ids", t."outcome", t."prev_hash", t."hash", t."caller"
       FROM jsonb_to_recordset($1::jsonb) AS t("seq" bigint, "id" uuid, "at" timestamptz, "actor" text,
              "actor_org" text, "action" text, "purpose_code" text, "case_number" text, "justification" text,
              "query" jsonb, "result_ids" text[], "outcome" text, "prev_hash" text, "hash" text, "caller" jsonb)
      ORDER BY t."seq"`,
    [JSON.stringify(rows)],
  );
  return records;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and a caller's text (a justification, a name searched for) may
 * contain it: it is stored, and hashed, as U+FFFD, so such a request is audited like any other.
 */
function storable(input: AuditEntryInput): AuditEntryInput {
  const clean = <T>(value: T): T =>
    (typeof value === 'string'
      ? value.replaceAll('\u0000', '\uFFFD')
      : Array.isArray(value)
        ? value.map(clean)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), clean(v)]))
          : value) as T;
  return clean(input);
}

export type AuditBreakReason =
  /** The stored hash does not match the entry's content (a field was edited, or seq renumbered). */
  | 'hash mismatch'
  /** The entry does not link to its predecessor's hash (a row before it was removed, replaced or moved). */
  | 'prev_hash mismatch'
  /** seq is not the next number (rows before it are missing, e.g. the first row was deleted). */
  | 'sequence gap'
  /** The link is broken and the entry is older than its predecessor: rows were moved. */
  | 'reordered'
  /** The head names a later entry than the last one in the log: the last rows were deleted. */
  | 'missing tail'
  /** The entry lies beyond the head: it was inserted behind the insert trigger's back. */
  | 'beyond head'
  /** The last entry is at the head's seq but is not the entry the head recorded. */
  | 'head mismatch'
  /** The recorded caller (verified token claims) does not name the entry's actor, or the token was not valid then. */
  | 'caller mismatch'
  /** The entry has no caller although an earlier one has: written by someone other than the service. */
  | 'caller missing'
  /** The entry's hash is not the one a signed checkpoint names for its seq: the chain was rewritten before it. */
  | 'checkpoint mismatch'
  /** A signed checkpoint names a seq the log no longer has: the tail was cut off and the head moved back. */
  | 'checkpoint beyond log';

export interface AuditBreak {
  /** seq of the first broken entry (for 'missing tail', the first missing seq). */
  seq: number;
  /** id of that entry (for 'missing tail', the head's id when known, else null). */
  id: string | null;
  reason: AuditBreakReason;
  /** The seq the verifier expected at this position. */
  expectedSeq: number;
  /** The signed checkpoint (its number in the stream or file) that revealed the break, for the checkpoint reasons. */
  checkpoint?: number;
  /**
   * For 'checkpoint mismatch': the seq of the last checkpoint that still matched (0: none). The first rewritten
   * entry lies after it, at or before `seq`.
   */
  intactThrough?: number;
  /** What is wrong, when the reason alone does not say (e.g. which caller claim). */
  detail?: string;
}

/** A signed checkpoint as the verifier uses it: this seq had this hash (audit-checkpoint.ts checks signatures). */
export interface AuditAnchor {
  /** Where the checkpoint is: its sequence in the stream, or its line in an exported file. */
  number: number;
  seq: number;
  hash: string;
}

export type AuditVerification = { ok: true; entries: number } | { ok: false; firstBroken: AuditBreak };

/** The columns of `records.audit_log` as read into an {@link AuditRow} (seq as text: a bigint). */
export const AUDIT_COLUMNS = `"seq"::text AS seq, "id", "at", "actor", "actor_org", "action", "purpose_code",
  "case_number", "justification", "query", "result_ids", "outcome", "prev_hash", "hash", "caller"`;

/** A row of `records.audit_log` as read with {@link AUDIT_COLUMNS}. */
export interface AuditRow {
  seq: string;
  id: string;
  at: Date;
  actor: string;
  actor_org: string;
  action: AuditAction;
  purpose_code: string | null;
  case_number: string | null;
  justification: string | null;
  query: { [key: string]: AuditJson };
  result_ids: string[];
  outcome: string;
  prev_hash: string;
  hash: string;
  caller: AuditCaller | null;
}

export function auditRecordOf(r: AuditRow): AuditRecord {
  return {
    seq: Number(r.seq),
    id: r.id,
    at: r.at,
    actor: r.actor,
    actorOrg: r.actor_org,
    action: r.action,
    purposeCode: r.purpose_code,
    caseNumber: r.case_number,
    justification: r.justification,
    query: r.query,
    resultIds: r.result_ids,
    outcome: r.outcome,
    prevHash: r.prev_hash,
    hash: r.hash,
    caller: r.caller,
  };
}

export interface AuditVerifyOptions extends AuditChainOptions {
  batchSize?: number;
  /**
   * Signed checkpoints, signatures already checked, in increasing seq (audit-checkpoint.ts,
   * `checkCheckpoints`): each entry a checkpoint names must have the hash it names, and the log must reach the
   * last one.
   */
  anchors?: readonly AuditAnchor[];
  /** When given, the recorded callers' token issuers must be among these. */
  issuers?: ReadonlySet<string>;
}

/**
 * Verifies the whole chain in seq order, in batches (keyset pages, never the whole table in memory), against
 * one snapshot (REPEATABLE READ when given a DataSource; the caller's transaction when given a manager).
 * Returns the first broken entry.
 *
 * Detects: an edited field or hash; a deleted row anywhere (middle/first: sequence gap; last: missing tail,
 * via `audit_head`); a forged row inserted in the middle (renumbering breaks hashes of the shifted rows, and
 * the forged row itself fails unless the forger can compute its hash) or at the end (beyond head); swapped
 * or reordered rows (seq is hashed, and each row links to its predecessor's hash); an entry whose recorded
 * caller does not name its actor, or that lacks a caller after entries that have one.
 *
 * Without `anchors` it cannot detect someone with owner/superuser access who rewrites a suffix of the chain with
 * correctly recomputed hashes AND moves `audit_head` accordingly (the algorithm is public; with an HMAC key,
 * they also need the key), nor a truncated tail with the head moved back. With the signed checkpoints
 * (audit-checkpoint.ts) both are caught up to the last checkpoint: a rewritten entry changes the hash at the
 * next checkpoint, a cut tail loses a checkpointed seq. Entries after the last checkpoint are not covered.
 */
export async function verifyAuditChain(
  source: DataSource | EntityManager,
  options: AuditVerifyOptions = {},
): Promise<AuditVerification> {
  if (source instanceof DataSource) {
    return source.transaction('REPEATABLE READ', (m) => verifyWith(m, options));
  }
  return verifyWith(source, options);
}

/**
 * {@link verifyAuditChain} plus the head it verified up to, read in the same snapshot (`npm run
 * records:audit-verify`, the `recordsAuditVerification` query).
 */
export async function verifyAuditChainAndHead(
  dataSource: DataSource,
  options: AuditVerifyOptions = {},
): Promise<{ verification: AuditVerification; head: { seq: number; hash: string } }> {
  return dataSource.transaction('REPEATABLE READ', async (m) => {
    const verification = await verifyWith(m, options);
    const [head] = (await m.query(
      `SELECT "seq"::text AS seq, "hash" FROM "records"."audit_head" WHERE "singleton"`,
    )) as Array<{ seq: string; hash: string }>;
    return { verification, head: { seq: Number(head?.seq ?? 0), hash: head?.hash ?? '' } };
  });
}

async function verifyWith(m: EntityManager, options: AuditVerifyOptions): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 1000;
  const anchors = options.anchors ?? [];
  const [head] = (await m.query(
    `SELECT "seq"::text AS seq, "id", "hash" FROM "records"."audit_head" WHERE "singleton"`,
  )) as Array<{ seq: string; id: string | null; hash: string }>;
  if (!head) throw new Error('records.audit_head is missing');
  const headSeq = Number(head.seq);

  let expected = 1;
  let prevHash = GENESIS_HASH;
  let prevAt: Date | null = null;
  let last: AuditRecord | null = null;
  let after = '0';
  let withCaller = false;
  let anchor = 0;
  let intactThrough = 0;
  const broken = (
    r: AuditRecord,
    reason: AuditBreakReason,
    more: Partial<AuditBreak> = {},
  ): AuditVerification => ({
    ok: false,
    firstBroken: { seq: r.seq, id: r.id, reason, expectedSeq: expected, ...more },
  });

  // Order by the qualified column: a bare "seq" would sort by the text alias ("10" < "2").
  for (;;) {
    const rows = (await m.query(
      `SELECT ${AUDIT_COLUMNS} FROM "records"."audit_log" l WHERE l."seq" > $1::bigint ORDER BY l."seq" LIMIT $2`,
      [after, batchSize],
    )) as AuditRow[];
    for (const row of rows) {
      const r = auditRecordOf(row);
      if (r.seq > headSeq) return broken(r, 'beyond head');
      if (r.seq !== expected) return broken(r, 'sequence gap');
      if (r.prevHash !== prevHash) {
        return broken(r, prevAt && r.at.getTime() < prevAt.getTime() ? 'reordered' : 'prev_hash mismatch');
      }
      if (hashEntry(r.prevHash, r, options.hmacKey) !== r.hash) return broken(r, 'hash mismatch');
      const a = anchors[anchor];
      if (a && a.seq === r.seq) {
        if (a.hash !== r.hash)
          return broken(r, 'checkpoint mismatch', { checkpoint: a.number, intactThrough });
        intactThrough = r.seq;
        anchor += 1;
      }
      if (r.caller) {
        withCaller = true;
        const problem = callerProblem(r, options.issuers);
        if (problem) return broken(r, 'caller mismatch', { detail: problem });
      } else if (withCaller) return broken(r, 'caller missing');
      prevHash = r.hash;
      prevAt = r.at;
      last = r;
      expected += 1;
    }
    if (rows.length < batchSize) break;
    after = (rows[rows.length - 1] as AuditRow).seq;
  }

  const lastSeq = last?.seq ?? 0;
  if (lastSeq < headSeq) {
    return {
      ok: false,
      firstBroken: {
        seq: lastSeq + 1,
        id: lastSeq + 1 === headSeq ? head.id : null,
        reason: 'missing tail',
        expectedSeq: lastSeq + 1,
      },
    };
  }
  if (last && (last.hash !== head.hash || last.id !== head.id)) {
    return {
      ok: false,
      firstBroken: { seq: last.seq, id: last.id, reason: 'head mismatch', expectedSeq: last.seq },
    };
  }
  const beyond = anchors[anchor];
  if (beyond) {
    return {
      ok: false,
      firstBroken: {
        seq: lastSeq + 1,
        id: null,
        reason: 'checkpoint beyond log',
        expectedSeq: lastSeq + 1,
        checkpoint: beyond.number,
        detail: `checkpoint ${beyond.number} names seq ${beyond.seq}; the log ends at seq ${lastSeq}`,
      },
    };
  }
  return { ok: true, entries: lastSeq };
}
