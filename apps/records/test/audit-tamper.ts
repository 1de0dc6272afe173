import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_COLUMNS, auditRecordOf, type AuditRecord, type AuditRow } from '../src/audit/audit-chain.js';

/**
 * Tampering with `records.audit_log` the way an attacker with database access would, for the audit specs: the
 * pristine log is kept in `records.audit_snapshot` / `audit_head_snapshot`, and every trial starts from it.
 */

/** A seq far past the chain where rows are parked while others are renumbered. */
const PARK = 1_000_000;

/** Copies the log and its head, as they are now, into the snapshot tables. */
export async function snapshotAudit(ds: DataSource): Promise<void> {
  await ds.query(`CREATE TABLE records.audit_snapshot AS SELECT * FROM records.audit_log`);
  await ds.query(`CREATE TABLE records.audit_head_snapshot AS SELECT * FROM records.audit_head`);
}

/** Rows [from, to] of the pristine log (the live table may hold the previous trial's tampering). */
export async function snapshotRows(ds: DataSource, from: number, to: number): Promise<AuditRecord[]> {
  const rows = (await ds.query(
    `SELECT ${AUDIT_COLUMNS} FROM records.audit_snapshot s WHERE s.seq BETWEEN $1 AND $2 ORDER BY s.seq`,
    [from, to],
  )) as AuditRow[];
  return rows.map(auditRecordOf);
}

/** Rows from `from` on of the live (tampered) log, inside the trial's transaction. */
export async function liveRows(m: EntityManager, from: number): Promise<AuditRecord[]> {
  const rows = (await m.query(
    `SELECT ${AUDIT_COLUMNS} FROM records.audit_log l WHERE l.seq >= $1 ORDER BY l.seq`,
    [from],
  )) as AuditRow[];
  return rows.map(auditRecordOf);
}

/**
 * Restores the pristine log, then runs `change` as a superuser with the user triggers disabled, and enables them
 * again.
 */
export async function tamperAudit(
  ds: DataSource,
  change: (m: EntityManager) => Promise<unknown>,
): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query(`ALTER TABLE records.audit_log DISABLE TRIGGER USER`);
    await m.query(`ALTER TABLE records.audit_head DISABLE TRIGGER USER`);
    await m.query(`DELETE FROM records.audit_log`);
    await m.query(`INSERT INTO records.audit_log SELECT * FROM records.audit_snapshot`);
    await m.query(`UPDATE records.audit_head h SET seq = s.seq, id = s.id, hash = s.hash, at = s.at
                     FROM records.audit_head_snapshot s`);
    await change(m);
    await m.query(`ALTER TABLE records.audit_log ENABLE TRIGGER USER`);
    await m.query(`ALTER TABLE records.audit_head ENABLE TRIGGER USER`);
  });
}

export function insertAuditRow(m: EntityManager, r: AuditRecord): Promise<unknown> {
  return m.query(
    `INSERT INTO records.audit_log (seq, id, at, actor, actor_org, action, purpose_code, case_number,
       justification, query, result_ids, outcome, prev_hash, hash, caller)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      r.seq,
      r.id,
      r.at,
      r.actor,
      r.actorOrg,
      r.action,
      r.purposeCode,
      r.caseNumber,
      r.justification,
      JSON.stringify(r.query),
      r.resultIds,
      r.outcome,
      r.prevHash,
      r.hash,
      r.caller ? JSON.stringify(r.caller) : null,
    ],
  );
}

/** Moves rows with seq in [from, to] by `delta` without tripping the primary key mid-statement. */
export async function shiftSeq(m: EntityManager, from: number, to: number, delta: number): Promise<void> {
  await m.query(`UPDATE records.audit_log SET seq = seq + $3 WHERE seq BETWEEN $1 AND $2`, [
    from,
    to,
    2 * PARK,
  ]);
  await m.query(`UPDATE records.audit_log SET seq = seq - $2 + $1 WHERE seq >= $2`, [delta, 2 * PARK]);
}

/** Parks the row `id` out of the way (for swaps and moves), or puts it at `seq`. */
export async function setSeq(m: EntityManager, id: string, seq: number | 'park'): Promise<void> {
  await m.query(`UPDATE records.audit_log SET seq = $2 WHERE id = $1`, [id, seq === 'park' ? PARK : seq]);
}
