import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { JsonLogger } from '@yiti/logging';
import { EventConsumer } from './consumer.js';
import { assertSchemaName, outboxTablesUp } from './outbox.js';

export interface InboxProbeOptions {
  nc: NatsConnection;
  stream: string;
  /** e.g. `<prefix>yiti.evt.transfers.>` */
  filterSubject: string;
  dataSource: DataSource;
  /** A schema of its own (created here) for the probe's inbox. */
  schema: string;
  durableName: string;
}

/**
 * For crash tests: a real EventConsumer whose only effect is its inbox row, so a test can check that every
 * event a service committed was delivered and consumed exactly once in effect.
 */
export class InboxProbe {
  private constructor(
    readonly consumer: EventConsumer,
    private readonly options: InboxProbeOptions,
  ) {}

  static async start(options: InboxProbeOptions): Promise<InboxProbe> {
    assertSchemaName(options.schema);
    await options.dataSource.query(`CREATE SCHEMA "${options.schema}"`);
    const runner = options.dataSource.createQueryRunner();
    await outboxTablesUp(runner, options.schema);
    await runner.release();
    const consumer = new EventConsumer({
      ...options,
      logger: new JsonLogger(options.durableName, 'error', () => undefined),
      handle: async () => undefined,
    });
    await consumer.start();
    return new InboxProbe(consumer, options);
  }

  /** The event ids in the probe's inbox (sorted), once it holds at least `count` of them or `timeoutMs` passed. */
  async eventIds(count: number, timeoutMs = 30_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows: Array<{ event_id: string }> = await this.options.dataSource.query(
        `SELECT event_id FROM "${this.options.schema}".inbox WHERE consumer = $1`,
        [this.options.durableName],
      );
      if (rows.length >= count || Date.now() > deadline) return rows.map((r) => r.event_id).sort();
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }
}
