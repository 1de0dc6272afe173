import { connect, type NatsConnection } from '@nats-io/transport-node';

/**
 * One NATS connection per process, named after the app so `nats server report connections` shows who is who.
 * Reconnects forever: a NATS restart must not take a service down.
 */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url.split(',').map((s) => s.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5000,
  });
}
