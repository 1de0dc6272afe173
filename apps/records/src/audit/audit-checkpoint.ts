import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, type AuditJson } from './audit-canonical.js';
import type { AuditAnchor } from './audit-chain.js';

/**
 * A signed checkpoint of the audit chain: "entry `seq` of records.audit_log had hash `hash`", signed with the
 * records service's Ed25519 key (outside the database) at `at`, published to JetStream (audit-checkpoint-stream.ts).
 * The signature covers the canonical JSON (audit-canonical.ts) of every field but `sig`.
 */
export interface AuditCheckpoint {
  v: 1;
  log: 'records.audit_log';
  seq: number;
  hash: string;
  /** When it was signed, ISO-8601 UTC. */
  at: string;
  /** Which key signed it: {@link auditKeyId} of its public key. */
  keyId: string;
}

export interface SignedAuditCheckpoint extends AuditCheckpoint {
  /** Ed25519 signature, base64. */
  sig: string;
}

/** A checkpoint as read back, with where it was found: its stream sequence, or its line in an exported file. */
export interface NumberedCheckpoint {
  number: number;
  /** The message as published (parsed JSON), not yet trusted. */
  value: unknown;
}

export type CheckpointBreakReason =
  /** Not a checkpoint of this log: unparsable, a field missing or of the wrong kind. */
  | 'malformed'
  /** Signed with a key the verifier was not given (a forged key, or a rotated key whose public half is missing). */
  | 'unknown key'
  /** The signature does not match the content: forged or altered. */
  | 'bad signature'
  /**
   * Its seq is below the previous checkpoint's, or the same seq with another hash: checkpoints replayed,
   * reordered or swapped (the service publishes them in seq order).
   */
  | 'out of order';

export interface CheckpointBreak {
  number: number;
  /** The seq it names, when it names one. */
  seq: number | null;
  reason: CheckpointBreakReason;
  detail: string;
}

const HASH = /^[0-9a-f]{64}$/;

/** `ed25519:` and the first 16 hex digits of SHA-256 over the public key's SPKI DER: a new key, a new id. */
export function auditKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

function signedBytes(checkpoint: AuditCheckpoint): Buffer {
  const { v, log, seq, hash, at, keyId } = checkpoint;
  return Buffer.from(canonicalJson({ v, log, seq, hash, at, keyId }), 'utf8');
}

export function signCheckpoint(
  head: { seq: number; hash: string },
  key: { privateKey: KeyObject; keyId: string },
  at = new Date(),
): SignedAuditCheckpoint {
  const checkpoint: AuditCheckpoint = {
    v: 1,
    log: 'records.audit_log',
    seq: head.seq,
    hash: head.hash,
    at: at.toISOString(),
    keyId: key.keyId,
  };
  return { ...checkpoint, sig: sign(null, signedBytes(checkpoint), key.privateKey).toString('base64') };
}

/** One checkpoint's shape and signature: the checkpoint, or why it is not one to trust. */
function checkOne(
  value: unknown,
  keys: ReadonlyMap<string, KeyObject>,
): SignedAuditCheckpoint | { reason: CheckpointBreakReason; detail: string } {
  const c = value as Partial<Record<keyof SignedAuditCheckpoint, AuditJson>> | null;
  if (
    !c ||
    typeof c !== 'object' ||
    c.v !== 1 ||
    c.log !== 'records.audit_log' ||
    typeof c.seq !== 'number' ||
    !Number.isSafeInteger(c.seq) ||
    c.seq < 1 ||
    typeof c.hash !== 'string' ||
    !HASH.test(c.hash) ||
    typeof c.at !== 'string' ||
    Number.isNaN(Date.parse(c.at)) ||
    typeof c.keyId !== 'string' ||
    typeof c.sig !== 'string'
  ) {
    return { reason: 'malformed', detail: 'not a records audit checkpoint' };
  }
  const checkpoint = c as SignedAuditCheckpoint;
  const key = keys.get(checkpoint.keyId);
  if (!key) return { reason: 'unknown key', detail: `no public key for ${checkpoint.keyId}` };
  const ok = verify(null, signedBytes(checkpoint), key, Buffer.from(checkpoint.sig, 'base64'));
  return ok ? checkpoint : { reason: 'bad signature', detail: `not signed by ${checkpoint.keyId}` };
}

/**
 * Checks checkpoints in the order they were published (stream or file order): each well-formed, signed by one of
 * `publicKeys` (old keys stay here after a rotation), and naming no earlier seq than the one before it (the same
 * seq again only with the same hash: a repeat after a retry). Returns the
 * anchors for the chain verification, or the first checkpoint that fails.
 */
export function checkCheckpoints(
  checkpoints: readonly NumberedCheckpoint[],
  publicKeys: readonly KeyObject[],
): { ok: true; anchors: AuditAnchor[] } | { ok: false; broken: CheckpointBreak } {
  const keys = new Map(publicKeys.map((k) => [auditKeyId(k), k]));
  const anchors: AuditAnchor[] = [];
  for (const { number, value } of checkpoints) {
    const c = checkOne(value, keys);
    const named = (value as { seq?: unknown } | null)?.seq;
    const seq = typeof named === 'number' ? named : null;
    if ('reason' in c) return { ok: false, broken: { number, seq, ...c } };
    const previous = anchors[anchors.length - 1];
    if (previous && (c.seq < previous.seq || (c.seq === previous.seq && c.hash !== previous.hash))) {
      return {
        ok: false,
        broken: {
          number,
          seq,
          reason: 'out of order',
          detail: `seq ${c.seq} after checkpoint ${previous.number} with seq ${previous.seq}`,
        },
      };
    }
    if (previous?.seq !== c.seq) anchors.push({ number, seq: c.seq, hash: c.hash }); // a repeat adds nothing
  }
  return { ok: true, anchors };
}

/** Checkpoints as an auditor keeps them: one JSON object per line, `{"number": …, "checkpoint": {…}}`. */
export function checkpointsToLines(checkpoints: readonly NumberedCheckpoint[]): string {
  return checkpoints.map((c) => `${JSON.stringify({ number: c.number, checkpoint: c.value })}\n`).join('');
}

export function checkpointsFromLines(text: string): NumberedCheckpoint[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, i }) => {
      try {
        const parsed = JSON.parse(line) as { number?: unknown; checkpoint?: unknown };
        return {
          number: typeof parsed.number === 'number' ? parsed.number : i + 1,
          value: parsed.checkpoint ?? null,
        };
      } catch {
        return { number: i + 1, value: null };
      }
    });
}
