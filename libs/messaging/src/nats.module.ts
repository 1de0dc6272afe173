import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ServiceConfig } from '@yiti/config';
import type { ServiceIdentity } from '@yiti/contracts';
import { connectNats } from './nats-connection.js';
import { RpcClient } from './rpc-client.js';

/** Injection token of a service's outgoing NATS connection (RPC calls to other services, event relay). */
export const NATS_CONNECTION = 'NATS_CONNECTION';

@Injectable()
class NatsDrainer implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }
}

/**
 * A service's outgoing NATS side: one connection and an `RpcClient` for calling other services on the
 * caller's behalf (with the caller's token). Drained on shutdown.
 */
@Global()
@Module({})
export class NatsModule {
  static forRoot(config: ServiceConfig, name: ServiceIdentity): DynamicModule {
    return {
      module: NatsModule,
      providers: [
        { provide: NATS_CONNECTION, useFactory: () => connectNats(config, name, `${name}-out`) },
        {
          provide: RpcClient,
          inject: [NATS_CONNECTION],
          useFactory: (nc: NatsConnection) =>
            new RpcClient(nc, config.RPC_TIMEOUT_MS, undefined, config.NATS_SUBJECT_PREFIX),
        },
        NatsDrainer,
      ],
      exports: [NATS_CONNECTION, RpcClient],
    };
  }
}
