import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { Readiness } from './readiness.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * The gateway's private HTTP listener (METRICS_HOST:METRICS_PORT, 127.0.0.1:9464 unless configured): Prometheus
 * metrics at `GET /metrics` and the readiness checks in detail at `GET /health/ready`. With METRICS_TOKEN set,
 * every request needs `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise). Nothing here is on the public port.
 */
export class MetricsServer implements OnApplicationShutdown {
  private readonly server: Server;
  private readonly token: Buffer | undefined;

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly readiness: Readiness,
    token: string | undefined,
  ) {
    this.token = token ? digest(`Bearer ${token}`) : undefined;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (res.headersSent) res.destroy();
        else send(res, 500, 'text/plain', 'failed\n');
      });
    });
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.token && !this.authorized(req.headers.authorization)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return send(res, 401, 'text/plain', 'unauthorized\n');
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' && path !== '/health/ready') return send(res, 404, 'text/plain', 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'text/plain', 'method not allowed\n');
    }
    if (path === '/metrics') {
      return send(res, 200, this.metrics.registry.contentType, await this.metrics.registry.metrics());
    }
    const { ok, checks } = await this.readiness.check();
    send(
      res,
      ok ? 200 : 503,
      'application/json',
      JSON.stringify({ status: ok ? 'ok' : 'unavailable', checks }),
    );
  }

  /** Compares digests, so neither the token's length nor its content shows in the timing. */
  private authorized(header: string | undefined): boolean {
    return header !== undefined && timingSafeEqual(digest(header), this.token!);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
