import { toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { currentRequestContext } from '@yiti/logging';
import { REQUEST_ID_HEADER, TRACEPARENT_HEADER } from '@yiti/messaging';
import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * Producer side of the event pipeline (docs/architecture.md, "Messaging rules"): a service writes its events to
 * an outbox table in its own schema, in the same transaction as the state change, and the {@link OutboxRelay}
 * publishes them to JetStream afterwards. The state change and the event commit together or not at all.
 */

/** One event to append: the full subject (with the service's NATS subject prefix) and the protobuf bytes. */
export interface OutgoingEvent {
  /** `<prefix>` + an event type's subject (`yiti.evt.<service>.<aggregate>.<event>.v<N>`, see `eventType` in @yiti/contracts). */
  subject: string;
  /** The protobuf-encoded event; build it with {@link eventPayload}. */
  payload: Uint8Array;
  /** Extra NATS headers. `Yiti-Request-Id` and `traceparent` are added from the current request context. */
  headers?: Record<string, string>;
}

const SCHEMA = /^[a-z][a-z0-9_]{0,62}$/;
/** What the event stream accepts: an optional `token.` prefix, then `yiti.evt.<service>.<aggregate>.<event>.v<N>`. */
export const EVENT_SUBJECT =
  /^([a-z0-9_-]+\.)?yiti\.evt\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.v[1-9][0-9]*$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA.test(schema)) throw new Error(`invalid schema name "${schema}"`);
}

/** The LISTEN/NOTIFY channel the relay of `schema` waits on (at most 63 bytes, PostgreSQL's identifier limit). */
export function outboxChannel(schema: string): string {
  assertSchemaName(schema);
  return `yiti_outbox_${schema}`.slice(0, 63);
}

/** Encodes a protobuf event for {@link appendEvent}: `eventPayload(PactSignedSchema, create(PactSignedSchema, {...}))`. */
export function eventPayload<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
): Uint8Array {
  return toBinary(schema, message);
}

/**
 * SQL for a service's own TypeORM migration: the outbox (events waiting for / done with publishing, `seq` gives
 * the publish order) and the inbox (event ids each consumer has processed, so a redelivery has no second
 * effect). UUIDs come from PostgreSQL's built-in gen_random_uuid() (PG 13+; no extension).
 */
export async function outboxTablesUp(q: QueryRunner, schema: string): Promise<void> {
  assertSchemaName(schema);
  await q.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await q.query(`
    CREATE TABLE "${schema}"."outbox" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "seq" bigserial NOT NULL UNIQUE,
      "subject" text NOT NULL,
      "payload" bytea NOT NULL,
      "headers" jsonb NOT NULL DEFAULT '{}',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz NULL
    )`);
  // The relay only ever reads unpublished rows in seq order: a small partial index keeps that cheap however
  // many published rows accumulate before pruning.
  await q.query(
    `CREATE INDEX "IDX_outbox_unpublished" ON "${schema}"."outbox" ("seq") WHERE "published_at" IS NULL`,
  );
  await q.query(`
    CREATE TABLE "${schema}"."inbox" (
      "consumer" text NOT NULL,
      "event_id" text NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "event_id")
    )`);
  await q.query(`CREATE INDEX "IDX_inbox_processed_at" ON "${schema}"."inbox" ("processed_at")`);
}

export async function outboxTablesDown(q: QueryRunner, schema: string): Promise<void> {
  assertSchemaName(schema);
  await q.query(`DROP TABLE IF EXISTS "${schema}"."inbox"`);
  await q.query(`DROP TABLE IF EXISTS "${schema}"."outbox"`);
}

/**
 * Appends one event to the outbox of `schema` with the caller's transactional `manager` (the one of
 * `dataSource.transaction(...)`), and notifies the relay; PostgreSQL delivers the NOTIFY at commit, and not at
 * all on rollback. Throws outside a transaction: an event written apart from its state change is what the
 * outbox exists to prevent. Returns the event id (the outbox id, published as `Nats-Msg-Id`).
 */
export async function appendEvent(
  manager: EntityManager,
  schema: string,
  event: OutgoingEvent,
): Promise<string> {
  const [id] = await appendEvents(manager, schema, [event]);
  return id!;
}

/** {@link appendEvent} for several events: one INSERT (rows in the given order) and one wake-up of the relay. */
export async function appendEvents(
  manager: EntityManager,
  schema: string,
  events: readonly OutgoingEvent[],
): Promise<string[]> {
  assertSchemaName(schema);
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(
      'appendEvent must run inside the transaction of the state change (dataSource.transaction)',
    );
  }
  if (events.length === 0) return [];
  for (const event of events) {
    if (!EVENT_SUBJECT.test(event.subject)) throw new Error(`invalid event subject "${event.subject}"`);
  }
  const headers = events.map((e) => JSON.stringify(withRequestContext(e.headers ?? {})));
  const payloads = events.map((e) =>
    Buffer.from(e.payload.buffer, e.payload.byteOffset, e.payload.byteLength),
  );
  // One round trip: the rows (seq in the given order) and the relay's wake-up (delivered at commit).
  const rows: Array<{ id: string }> = await manager.query(
    `WITH added AS (
       INSERT INTO "${schema}"."outbox" ("subject", "payload", "headers")
       SELECT e.subject, e.payload, e.headers::jsonb
         FROM unnest($1::text[], $2::bytea[], $3::text[]) WITH ORDINALITY AS e(subject, payload, headers, ord)
        ORDER BY e.ord
       RETURNING "id", "seq"
     )
     SELECT "id", pg_notify($4, '') FROM added ORDER BY "seq"`,
    [events.map((e) => e.subject), payloads, headers, outboxChannel(schema)],
  );
  return rows.map((r) => r.id);
}

function withRequestContext(given: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (!HEADER_NAME.test(name) || typeof value !== 'string' || /[\r\n]/.test(value)) {
      throw new Error(`invalid event header "${name}"`);
    }
    headers[name] = value;
  }
  const ctx = currentRequestContext();
  if (ctx && headers[REQUEST_ID_HEADER] === undefined) headers[REQUEST_ID_HEADER] = ctx.requestId;
  if (ctx?.traceparent && headers[TRACEPARENT_HEADER] === undefined)
    headers[TRACEPARENT_HEADER] = ctx.traceparent;
  return headers;
}

/**
 * Housekeeping for a scheduled job: deletes outbox rows published, and inbox rows processed, more than
 * `olderThanMs` ago. Keep `olderThanMs` at least the event stream's max age: an inbox row must outlive every
 * possible redelivery of its event. Returns how many rows were deleted from each table.
 */
export async function pruneEventTables(
  manager: EntityManager,
  schema: string,
  olderThanMs: number,
): Promise<{ outbox: number; inbox: number }> {
  assertSchemaName(schema);
  const cutoff = new Date(Date.now() - olderThanMs);
  const [, outbox] = (await manager.query(`DELETE FROM "${schema}"."outbox" WHERE "published_at" < $1`, [
    cutoff,
  ])) as [unknown, number];
  const [, inbox] = (await manager.query(`DELETE FROM "${schema}"."inbox" WHERE "processed_at" < $1`, [
    cutoff,
  ])) as [unknown, number];
  return { outbox, inbox };
}
