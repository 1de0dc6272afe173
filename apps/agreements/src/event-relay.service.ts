import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { ensureEventStream, OutboxRelay } from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { NATS_CONNECTION } from '@yiti/messaging';
import { AGREEMENTS_SCHEMA, AgreementsConfig } from './agreements.config.js';

/** Ensures the event stream exists and runs this service's outbox relay for as long as the service runs. */
@Injectable()
export class EventRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(AgreementsConfig) private readonly config: AgreementsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureEventStream(this.nc, {
      name: this.config.EVENTS_STREAM,
      subjectPrefix: this.config.NATS_SUBJECT_PREFIX,
    });
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      schema: AGREEMENTS_SCHEMA,
      nc: this.nc,
      logger: this.logger,
      databaseUrl: this.config.DATABASE_URL,
    });
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
