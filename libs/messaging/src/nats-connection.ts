import { readFileSync } from 'node:fs';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type JetStreamOptions,
} from '@nats-io/jetstream';
import {
  connect,
  nkeyAuthenticator,
  type ConnectionOptions,
  type NatsConnection,
} from '@nats-io/transport-node';
import { inboxPrefixOf, type BusIdentity } from '@yiti/contracts';

/** How a process reaches NATS: the servers, its identity's nkey seed and the CA of the servers' TLS certificates. */
export interface NatsClientConfig {
  NATS_URL: string;
  /** File with the identity's nkey seed (`SU…`); without it the connection is anonymous (refused by our servers). */
  NATS_NKEY_SEED_FILE?: string | undefined;
  /** PEM file of the CA that signed the servers' certificates: the connection then requires TLS. */
  NATS_TLS_CA_FILE?: string | undefined;
  /** The hub's JetStream domain, for a process behind a county leaf node (see ServiceConfig). */
  NATS_JETSTREAM_DOMAIN?: string | undefined;
}

/** The connection options for one identity; also used by tools and tests that connect as an identity. */
export function natsConnectionOptions(
  config: NatsClientConfig,
  identity: BusIdentity,
  name: string,
): ConnectionOptions {
  const options: ConnectionOptions = {
    servers: config.NATS_URL.split(',').map((s) => s.trim()),
    name,
    // Replies come back on an inbox only this identity may subscribe to (see BUS_RULES).
    inboxPrefix: inboxPrefixOf(identity),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5000,
  };
  if (config.NATS_NKEY_SEED_FILE) {
    const seed = readFileSync(config.NATS_NKEY_SEED_FILE, 'utf8').trim();
    options.authenticator = nkeyAuthenticator(new TextEncoder().encode(seed));
  }
  if (config.NATS_TLS_CA_FILE) options.tls = { caFile: config.NATS_TLS_CA_FILE };
  return options;
}

/**
 * One NATS connection, named after the app so `nats server report connections` shows who is who, and
 * authenticated as the app's bus identity. Reconnects forever: a NATS restart must not take a service down.
 */
export async function connectNats(
  config: NatsClientConfig,
  identity: BusIdentity,
  name: string = identity,
): Promise<NatsConnection> {
  const nc = await connect(natsConnectionOptions(config, identity, name));
  if (config.NATS_JETSTREAM_DOMAIN) jetStreamDomains.set(nc, config.NATS_JETSTREAM_DOMAIN);
  return nc;
}

/** The JetStream domain each connection's JetStream calls go to (NATS_JETSTREAM_DOMAIN), where it has one. */
const jetStreamDomains = new WeakMap<NatsConnection, string>();

/** JetStream options for a connection: its domain, when connectNats opened it with one. */
export function jetStreamOptions(nc: NatsConnection): JetStreamOptions {
  const domain = jetStreamDomains.get(nc);
  return domain ? { domain } : {};
}

/** The JetStream client of a connection, in the connection's domain: every JetStream publish and read uses it. */
export function jetStreamOf(nc: NatsConnection): JetStreamClient {
  return jetstream(nc, jetStreamOptions(nc));
}

/** The JetStream manager of a connection, in the connection's domain. */
export function jetStreamManagerOf(
  nc: NatsConnection,
  options: Omit<JetStreamOptions, 'domain' | 'apiPrefix'> = {},
): Promise<JetStreamManager> {
  return jetstreamManager(nc, { ...options, ...jetStreamOptions(nc) });
}
