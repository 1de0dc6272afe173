import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import type { JetStreamClient } from '@nats-io/jetstream';
import { jetStreamOf } from '@yiti/messaging';
import type { JsonLogger } from '@yiti/logging';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { assertSchemaName, outboxChannel } from './outbox.js';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** The service's schema, whose `outbox` table this relay drains. */
  schema: string;
  nc: NatsConnection;
  logger: JsonLogger;
  /** Rows per transaction. Default 100. */
  batchSize?: number;
  /** Poll even without a NOTIFY (a lost LISTEN connection, events inserted by hand). Default 1000 ms. */
  pollIntervalMs?: number;
  /** How long to wait for each PubAck. Default 5000 ms. */
  publishTimeoutMs?: number;
  /** Connection string for the LISTEN connection; default: taken from the DataSource's options. */
  databaseUrl?: string;
  /**
   * Fault injection for tests: runs after a batch was published and before it is marked; a throw rolls the
   * marking back, exactly as a crash there would (the batch is published again and deduplicated).
   */
  afterPublish?: (ids: readonly string[]) => void | Promise<void>;
}

export interface OutboxRelayStats {
  /** Events published (PubAck received), duplicates included. */
  published: number;
  /** PubAcks that JetStream flagged as duplicates (a re-publish it dropped). */
  duplicates: number;
  /** Committed batches. */
  batches: number;
  /** Failed batches (NATS or PostgreSQL unavailable); each is retried after a back-off. */
  failures: number;
}

interface OutboxRow {
  id: string;
  subject: string;
  payload: Buffer;
  headers: Record<string, string>;
}

/**
 * The longest wait between failed batches. A relay cut off from JetStream — a county office whose link to the
 * city is down — tries again at least this often, so its outbox drains within seconds of the link's return;
 * a failed try costs one indexed query and one publish.
 */
const MAX_BACKOFF_MS = 5_000;

/**
 * Publishes a service's outbox to JetStream: in one transaction it locks the oldest unpublished rows
 * (`FOR UPDATE SKIP LOCKED`, so a second instance's relay takes other rows instead of waiting), publishes them
 * in seq order awaiting each PubAck with `Nats-Msg-Id` = outbox id, then marks them published and commits.
 *
 * Nothing is lost and nothing takes effect twice: if NATS or PostgreSQL fails, the rows stay unpublished and
 * are retried with exponential back-off; a crash between publishing and committing re-publishes the batch,
 * which JetStream drops as duplicates within the stream's duplicate window (and consumers' inboxes dedup
 * beyond it). Order: one relay publishes in seq order; with several instances each publishes its batches in
 * order, but batches interleave — consumers must not rely on a global order.
 *
 * It wakes on `NOTIFY yiti_outbox_<schema>` (sent by appendEvent at commit) over a dedicated connection, and
 * polls every `pollIntervalMs` besides.
 */
export class OutboxRelay {
  readonly stats: OutboxRelayStats = { published: 0, duplicates: 0, batches: 0, failures: 0 };
  private readonly js: JetStreamClient;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private running = false;
  private loop?: Promise<void>;
  private listener?: pg.Client;
  private nextListenAttempt = 0;
  private notified = false;
  private wake?: (reason: 'stop' | 'notify') => void;

  constructor(private readonly opts: OutboxRelayOptions) {
    assertSchemaName(opts.schema);
    this.js = jetStreamOf(opts.nc);
    this.batchSize = opts.batchSize ?? 100;
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batch in flight (if any), then stops; unpublished rows wait for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.('stop');
    await this.loop;
    this.loop = undefined;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Publishes one batch; returns how many rows it published. Exposed for tests and one-shot drains. */
  async publishBatch(): Promise<number> {
    const { schema } = this.opts;
    return this.opts.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT "id", "subject", "payload", "headers" FROM "${schema}"."outbox"
          WHERE "published_at" IS NULL ORDER BY "seq" LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      for (const row of rows) {
        const h = natsHeaders();
        for (const [name, value] of Object.entries(row.headers)) h.set(name, value);
        const ack = await this.js.publish(row.subject, row.payload, {
          msgID: row.id,
          headers: h,
          timeout: this.opts.publishTimeoutMs ?? 5000,
        });
        this.stats.published++;
        if (ack.duplicate) this.stats.duplicates++;
      }
      const ids = rows.map((r) => r.id);
      await this.opts.afterPublish?.(ids);
      await manager.query(
        `UPDATE "${schema}"."outbox" SET "published_at" = now() WHERE "id" = ANY($1::uuid[])`,
        [ids],
      );
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      await this.ensureListening();
      this.notified = false;
      let count = 0;
      try {
        count = await this.publishBatch();
        if (count > 0) this.stats.batches++;
        failures = 0;
      } catch (err) {
        failures++;
        this.stats.failures++;
        const delay = Math.min(MAX_BACKOFF_MS, 200 * 2 ** Math.min(failures - 1, 10));
        this.opts.logger.event('warn', 'outbox relay batch failed; retrying', {
          component: 'OutboxRelay',
          schema: this.opts.schema,
          error: err instanceof Error ? err.message : String(err),
          retryInMs: delay,
        });
        await this.sleep(delay, false);
        continue;
      }
      if (count < this.batchSize) await this.sleep(this.pollIntervalMs, true);
    }
  }

  /** Waits `ms`, or less when stopped or (if `wakeOnNotify`) notified — including a NOTIFY during the batch. */
  private sleep(ms: number, wakeOnNotify: boolean): Promise<void> {
    if (!this.running || (wakeOnNotify && this.notified)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = (reason) => {
        if (reason === 'stop' || wakeOnNotify) done();
      };
    });
  }

  /** (Re)opens the LISTEN connection; while it is down the poll interval keeps the relay going. */
  private async ensureListening(): Promise<void> {
    if (this.listener || Date.now() < this.nextListenAttempt) return;
    this.nextListenAttempt = Date.now() + 5000;
    const client = new pg.Client(this.listenConfig());
    const lost = (err?: Error): void => {
      if (this.listener !== client) return;
      this.listener = undefined;
      if (this.running) {
        this.opts.logger.event('warn', 'outbox relay lost its LISTEN connection; polling meanwhile', {
          component: 'OutboxRelay',
          schema: this.opts.schema,
          error: err?.message,
        });
      }
      client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => {
      this.notified = true;
      this.wake?.('notify');
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${outboxChannel(this.opts.schema)}"`);
      this.listener = client;
    } catch (err) {
      client.end().catch(() => undefined);
      this.opts.logger.event('warn', 'outbox relay cannot LISTEN; polling meanwhile', {
        component: 'OutboxRelay',
        schema: this.opts.schema,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  private listenConfig(): pg.ClientConfig {
    if (this.opts.databaseUrl)
      return { connectionString: this.opts.databaseUrl, application_name: 'outbox-relay' };
    const o = this.opts.dataSource.options;
    if (o.type !== 'postgres') throw new Error('OutboxRelay needs a PostgreSQL DataSource');
    return {
      connectionString: o.url,
      host: o.host,
      port: o.port,
      user: o.username,
      password: typeof o.password === 'string' ? o.password : undefined,
      database: o.database,
      ssl: o.ssl as pg.ClientConfig['ssl'],
      application_name: `${o.applicationName ?? 'yiti'}-outbox-relay`,
    };
  }
}
