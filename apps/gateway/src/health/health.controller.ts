import { Controller, Get, Header, HttpCode, Inject, Res, type OnApplicationShutdown } from '@nestjs/common';
import type { Response } from 'express';
import type { NatsConnection } from '@nats-io/transport-node';
import { pingRpc } from '@yiti/contracts';
import { NATS_CONNECTION, RpcClient } from '@yiti/messaging';
import { PublicEndpoint } from '../auth/authorize.decorator.js';
import { EventFeed } from '../notifications/event-feed.js';
import { GatewayMetrics } from './gateway-metrics.js';

export const READY_SERVICES = 'READY_SERVICES';
export const SUBJECT_PREFIX = 'SUBJECT_PREFIX';

/** Liveness, readiness (NATS, the notifications feed, every service answering its ping) and Prometheus metrics. */
@Controller()
export class HealthController implements OnApplicationShutdown {
  private readonly probe: RpcClient;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(READY_SERVICES) private readonly services: readonly string[],
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
    @Inject(EventFeed) private readonly feed: EventFeed,
    @Inject(SUBJECT_PREFIX) subjectPrefix: string,
  ) {
    this.probe = new RpcClient(nc, 1000, undefined, subjectPrefix);
  }

  /** Lets in-flight requests finish, then closes the gateway's NATS connection (SIGTERM or app.close()). */
  async onApplicationShutdown(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }

  @Get('health/live')
  @PublicEndpoint()
  @HttpCode(200)
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @PublicEndpoint()
  async ready(@Res({ passthrough: true }) res: Response) {
    const checks: Record<string, string> = {
      nats: this.nc.isClosed() ? 'closed' : 'ok',
      // The subscriptions' feed from the event stream (it retries until the stream exists).
      notifications: this.feed.listening ? 'ok' : 'starting',
    };
    await Promise.all(
      this.services.map(async (service) => {
        try {
          await this.probe.call(pingRpc(service), {});
          checks[service] = 'ok';
        } catch (err) {
          checks[service] = err instanceof Error ? err.message : 'unavailable';
        }
      }),
    );
    const ok = Object.values(checks).every((v) => v === 'ok');
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }

  @Get('metrics')
  @PublicEndpoint()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metricsText() {
    return this.metrics.registry.metrics();
  }
}
