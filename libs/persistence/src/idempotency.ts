import { createHash } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';
import { CommonReason, IDEMPOTENCY_KEY } from '@yiti/contracts';
import { inputCheck, RpcError, type RpcCall } from '@yiti/messaging';

/**
 * Idempotency keys (docs/architecture.md, "Messaging rules": a retried mutation returns the first result). A
 * service claims the client's key inside the transaction of the change: the first request stores its result
 * with the change, a retry with the same key and the same request gets that result back, and the same key with
 * a different request is refused. Two retries racing each other are serialised by the key's primary key: the
 * second waits for the first to commit, then replays it.
 */

const SCHEMA = /^[a-z][a-z0-9_]{0,62}$/;

export async function idempotencyTableUp(q: QueryRunner, schema: string): Promise<void> {
  if (!SCHEMA.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  await q.query(`
    CREATE TABLE "${schema}"."idempotency" (
      "caller" text NOT NULL,
      "operation" text NOT NULL,
      "key" text NOT NULL,
      "request_hash" char(64) NOT NULL,
      "result" jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("caller", "operation", "key")
    )`);
}

export async function idempotencyTableDown(q: QueryRunner, schema: string): Promise<void> {
  if (!SCHEMA.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  await q.query(`DROP TABLE "${schema}"."idempotency"`);
}

export interface IdempotencyClaim {
  /** Who sent it (the caller's user id): keys are per caller. */
  caller: string;
  /** e.g. `agreement.amend`. */
  operation: string;
  key: string;
  /** The request, canonically serialised; a retry must be the same request. */
  request: unknown;
}

export type ClaimOutcome<T> =
  { kind: 'first' } | { kind: 'replay'; result: T } | { kind: 'different-request' };

const hashOf = (request: unknown) => createHash('sha256').update(JSON.stringify(request)).digest('hex');

/** Claims `claim.key` in the caller's transaction (`manager`). On `first`, call `recordResult` before commit. */
export async function claimIdempotencyKey<T>(
  manager: EntityManager,
  schema: string,
  claim: IdempotencyClaim,
): Promise<ClaimOutcome<T>> {
  const hash = hashOf(claim.request);
  const inserted: unknown[] = await manager.query(
    `INSERT INTO "${schema}"."idempotency" ("caller", "operation", "key", "request_hash") VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [claim.caller, claim.operation, claim.key, hash],
  );
  if (inserted.length > 0) return { kind: 'first' };
  const [row] = (await manager.query(
    `SELECT "request_hash", "result" FROM "${schema}"."idempotency" WHERE "caller" = $1 AND "operation" = $2 AND "key" = $3`,
    [claim.caller, claim.operation, claim.key],
  )) as Array<{ request_hash: string; result: T }>;
  return row!.request_hash === hash ? { kind: 'replay', result: row!.result } : { kind: 'different-request' };
}

/**
 * Looks a key up without claiming it: `first` when no committed request used it yet. For a cheap early answer
 * to a retry; the claim in the change's transaction remains what makes the change happen once.
 */
export async function findIdempotentResult<T>(
  manager: EntityManager,
  schema: string,
  claim: IdempotencyClaim,
): Promise<ClaimOutcome<T>> {
  const [row] = (await manager.query(
    `SELECT "request_hash", "result" FROM "${schema}"."idempotency" WHERE "caller" = $1 AND "operation" = $2 AND "key" = $3`,
    [claim.caller, claim.operation, claim.key],
  )) as Array<{ request_hash: string; result: T | null }>;
  if (!row || row.result === null) return { kind: 'first' };
  return row.request_hash === hashOf(claim.request)
    ? { kind: 'replay', result: row.result }
    : { kind: 'different-request' };
}

export async function recordIdempotentResult(
  manager: EntityManager,
  schema: string,
  claim: IdempotencyClaim,
  result: unknown,
): Promise<void> {
  await manager.query(
    `UPDATE "${schema}"."idempotency" SET "result" = $4 WHERE "caller" = $1 AND "operation" = $2 AND "key" = $3`,
    [claim.caller, claim.operation, claim.key, JSON.stringify(result)],
  );
}

/** A creation needs a key: a retried create must return the first result, never make a second. */
export function checkIdempotencyKey(key: string): void {
  inputCheck()
    .that('idempotencyKey', IDEMPOTENCY_KEY.test(key), 'is required: 8-128 of A-Z, a-z, 0-9, _ and -')
    .done();
}

/** The same key with a different request (CONFLICT). */
export const idempotencyKeyReused = () =>
  RpcError.of(
    CommonReason.IDEMPOTENCY_KEY_REUSED,
    'This idempotency key was already used for a different request. Use a new key.',
  );

/**
 * Idempotent changes whose result is the id of the row they made or changed, in one service's schema. The
 * usual shape: `claimOf`, then `earlierResult` (one read, before any network call, so a retry does not ask
 * other services again), then `once` in the change's transaction — the claim there stays the guard against
 * races.
 */
export class IdempotentCreation {
  constructor(private readonly schema: string) {}

  /** The caller's claim on `key` for `operation`; keys are per caller (the principal's subject). */
  claimOf(operation: string, key: string, request: object, call: RpcCall): IdempotencyClaim {
    return { caller: call.principal.subject, operation, key, request };
  }

  /** The id an earlier, committed request with this key made; undefined when there is none yet. */
  async earlierResult(manager: EntityManager, claim: IdempotencyClaim): Promise<string | undefined> {
    const earlier = await findIdempotentResult<{ id: string }>(manager, this.schema, claim);
    if (earlier.kind === 'different-request') throw idempotencyKeyReused();
    return earlier.kind === 'replay' ? earlier.result.id : undefined;
  }

  /**
   * Claims the key in the change's transaction (`manager`): on a replay, the earlier result's id; otherwise
   * runs `change` and records the id it returns as the result.
   */
  async once(
    manager: EntityManager,
    claim: IdempotencyClaim,
    change: () => Promise<string>,
  ): Promise<string> {
    const outcome = await claimIdempotencyKey<{ id: string } | null>(manager, this.schema, claim);
    if (outcome.kind === 'different-request') throw idempotencyKeyReused();
    const replay = outcome.kind === 'replay' ? (outcome.result?.id ?? '') : undefined;
    if (replay) return replay;
    const id = await change();
    await recordIdempotentResult(manager, this.schema, claim, { id });
    return id;
  }
}
