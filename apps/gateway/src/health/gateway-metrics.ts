import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { RpcObserver } from '@yiti/messaging';

/** Prometheus metrics of one gateway instance (`/metrics` on the metrics listener, metrics-server.ts). */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly rpcDuration = new Histogram({
    name: 'yiti_rpc_client_duration_seconds',
    help: 'NATS request-reply calls from the gateway, by subject and outcome (ok or error code).',
    labelNames: ['subject', 'outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly operations = new Counter({
    name: 'yiti_graphql_operations_total',
    help: 'GraphQL operations, by type and outcome (ok or the first error code).',
    labelNames: ['type', 'outcome'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  readonly observeRpc: RpcObserver = (subject, outcome, seconds) =>
    this.rpcDuration.observe({ subject, outcome }, seconds);

  apolloPlugin(): ApolloServerPlugin {
    const operations = this.operations;
    return {
      async requestDidStart() {
        return {
          async willSendResponse({ operation, response }) {
            const body = response.body;
            const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
            const code = errors?.[0]?.extensions?.['code'];
            operations.inc({
              type: operation?.operation ?? 'unknown',
              outcome: typeof code === 'string' ? code : 'ok',
            });
          },
        };
      },
    };
  }
}
