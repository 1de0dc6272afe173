import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@yiti/logging';
import { NATS_CONNECTION } from '@yiti/messaging';
import { OutboxRelay } from './relay.js';
import { ensureEventStream, type EventStreamRef } from './stream.js';

export interface EventRelayOptions {
  /** The service's schema (its outbox table). */
  schema: string;
  /** The event stream of the service's config (eventStreamOf). */
  stream: EventStreamRef;
  /** NATS_SUBJECT_PREFIX from the service's config. */
  subjectPrefix: string;
  /** For the relay's LISTEN connection. */
  databaseUrl: string;
}

const OPTIONS = 'EVENT_RELAY_OPTIONS';

@Injectable()
class EventRelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(OPTIONS) private readonly options: EventRelayOptions,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureEventStream(this.nc, { ...this.options.stream, subjectPrefix: this.options.subjectPrefix });
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      schema: this.options.schema,
      nc: this.nc,
      logger: this.logger,
      databaseUrl: this.options.databaseUrl,
    });
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}

/**
 * Runs a service's outbox relay for as long as the service runs, after making sure the event stream exists.
 * Needs the app's `DataSource` (PersistenceModule), `NATS_CONNECTION` (NatsModule) and `JsonLogger`.
 */
@Module({})
export class EventRelayModule {
  static forRoot(options: EventRelayOptions): DynamicModule {
    return {
      module: EventRelayModule,
      providers: [{ provide: OPTIONS, useValue: options }, EventRelayLifecycle],
    };
  }
}
