import type { NatsConnection } from '@nats-io/transport-node';
import { pingRpc } from '@yiti/contracts';
import { RpcClient } from '@yiti/messaging';
import type { EventFeed } from '../notifications/event-feed.js';

export interface ReadinessReport {
  ok: boolean;
  /** Each check's `ok`, or why not: internal detail, served on the metrics listener only. */
  checks: Record<string, string>;
}

/** Whether the gateway can serve: NATS connected, the notifications feed reading, every service answering its ping. */
export class Readiness {
  private readonly probe: RpcClient;

  constructor(
    private readonly nc: NatsConnection,
    private readonly feed: EventFeed,
    private readonly services: readonly string[],
    subjectPrefix: string,
  ) {
    this.probe = new RpcClient(nc, 1000, undefined, subjectPrefix);
  }

  async check(): Promise<ReadinessReport> {
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
    return { ok: Object.values(checks).every((v) => v === 'ok'), checks };
  }
}
