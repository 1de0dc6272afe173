import { Controller, Get, HttpCode, Inject, Res, type OnApplicationShutdown } from '@nestjs/common';
import type { Response } from 'express';
import type { NatsConnection } from '@nats-io/transport-node';
import { NATS_CONNECTION } from '@yiti/messaging';
import { PublicEndpoint } from '../auth/authorize.decorator.js';
import { Readiness } from './readiness.js';

/**
 * Liveness and readiness on the public port, for load balancers: a status and nothing else (which check
 * failed is internal detail, served with the metrics on their own listener — metrics-server.ts).
 */
@Controller()
export class HealthController implements OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(Readiness) private readonly readiness: Readiness,
  ) {}

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
    const { ok } = await this.readiness.check();
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable' };
  }
}
