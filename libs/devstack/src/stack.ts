import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { NatsConnection } from '@nats-io/transport-node';
import type { BusIdentity } from '@yiti/contracts';
import {
  createDatabase,
  createServiceRoles,
  databaseEnv,
  databaseUrl,
  dropDatabase,
  uniqueName,
  type DatabaseService,
  type ServiceDatabaseUrls,
} from './databases.js';
import type { BusCredentials } from './nats-auth.js';
import { startSecuredNats, type NatsNode, type SecuredNatsHandle } from './nats.js';
import { ensurePostgres, type PostgresHandle } from './postgres.js';
import { freePort } from './ports.js';
import { startProcess, type ManagedProcess, type OutputMode } from './processes.js';

/** The apps of the stack, in start order; each is `apps/<name>/dist/src/main.js`. */
export const STACK_APPS = [
  'dev-idp',
  'directory',
  'agreements',
  'transfers',
  'meetings',
  'records',
  'gateway',
] as const;
export type StackApp = (typeof STACK_APPS)[number];

/** The order apps boot in: each stage once the one before is ready, the apps of a stage together. */
const BOOT_STAGES: readonly (readonly StackApp[])[] = [
  ['dev-idp', 'directory'],
  ['agreements', 'transfers', 'meetings', 'records'],
  ['gateway'],
];

/** Back-off between restarts of an app that died (`restartOnExit`): 1 s, doubling up to 30 s. */
const RESTART_FIRST_DELAY_MS = 1000;
const RESTART_MAX_DELAY_MS = 30_000;
/** An app that ran this long before it died is restarted after the first delay again. */
const RESTART_HEALTHY_AFTER_MS = 60_000;

export interface StackOptions {
  /** Repository root. */
  root: string;
  /** Ignored folder for local NATS / PostgreSQL data. */
  dataDir: string;
  /**
   * Port for the stack's own nats-server when free (npm start asks for 4222); a free one otherwise. The stack
   * always runs its own server, with the bus identities and permissions of BUS_RULES (no anonymous access).
   */
  natsPort?: number;
  /** Run NATS with TLS only (a CA and certificate made for the run); every app then connects over TLS. */
  natsTls?: boolean;
  /**
   * How many nats-servers (default 1). More make a loopback JetStream cluster (startSecuredNats `nodes`): every
   * app gets the list of them in NATS_URL, and JETSTREAM_REPLICAS is 3 (or the node count, when fewer).
   */
  natsNodes?: number;
  /** A leafnodes listener for county leaf nodes on this address (startSecuredNats `leafnodes`). */
  natsLeafnodes?: { host: string };
  /**
   * How many instances of each service and of the gateway (default 1); the development identity provider runs
   * once. The first instance of each is `processes[app]`; every one is in `instances[app]`.
   */
  instances?: number;
  /** Admin URL of a PostgreSQL that may already run. */
  postgresUrl?: string;
  /** Database name; a fresh `yiti_test_*` one (dropped on stop) when omitted. */
  database?: string;
  /** Recreate the database even when it exists (tests); `npm start` keeps its data. */
  freshDatabase?: boolean;
  gatewayPort?: number;
  /** The gateway's private metrics listener (METRICS_PORT); a free port when omitted. */
  metricsPort?: number;
  idpPort?: number;
  /**
   * A real Keycloak (base URL, e.g. https://sso.example.org): the development identity provider is then not
   * started. KEYCLOAK_REALM / KEYCLOAK_AUDIENCE can be passed in `env`.
   */
  keycloakUrl?: string;
  /** The development identity provider's signing key (PKCS#8 PEM, created if missing). */
  signingKeyFile?: string;
  output?: OutputMode;
  nodeEnv?: 'development' | 'test' | 'production';
  /** The JetStream stream of domain events (default YITI_EVENTS); tests use a unique one. */
  eventsStream?: string;
  /** The JetStream stream of the records audit checkpoints (default YITI_AUDIT). */
  auditStream?: string;
  /** Load the demonstration data (npm start). */
  seedDemoData?: boolean;
  /** Subject prefix shared by the stack's apps; tests get a unique one so stacks on one NATS stay apart. */
  subjectPrefix?: string;
  /**
   * Restart an app that exits by itself (npm start): after 1 s, then 2, 4, … up to 30 s while it keeps dying,
   * from 1 s again once it has run for 60 s; logged with the app, how it ended and the delay. Never while the
   * stack stops. Off by default: tests see an app that dies stay dead.
   */
  restartOnExit?: boolean;
  /**
   * Runs as the operator once NATS is up and before any app starts: `npm start` brings the event stream to the
   * configuration of this version here, since the services themselves may only create streams, not change them.
   */
  provision?: (bus: {
    connect(): Promise<NatsConnection>;
    subjectPrefix: string;
    eventsStream: string;
  }) => Promise<void>;
  /** How long an app may take to report ready (default 60 s); many instances booting at once on a busy machine take longer. */
  readyTimeoutMs?: number;
  /** Extra environment for every app (e.g. RPC_TIMEOUT_MS). */
  env?: Record<string, string>;
  log?: (message: string) => void;
}

export interface Stack {
  /** The NATS server, or every node of the cluster separated by commas (NATS_URL's list). */
  readonly natsUrl: string;
  /** The nats-servers the stack started, to crash and restart one in a test. */
  readonly natsNodes: readonly NatsNode[];
  /** Seed file and public key of every bus identity (generated for this stack's nats-server). */
  readonly natsCredentials: BusCredentials;
  /** Where county leaf nodes connect, when `natsLeafnodes` was asked (SecuredNatsHandle.leafnodes). */
  readonly natsLeafnodes: { url: string; host: string; port: number } | undefined;
  /** The CA of the NATS server's certificate when it runs TLS. */
  readonly natsTlsCaFile: string | undefined;
  readonly subjectPrefix: string;
  readonly eventsStream: string;
  readonly auditStream: string;
  /** The environment that makes a process connect as `identity` (NATS_URL, NATS_NKEY_SEED_FILE, NATS_TLS_CA_FILE). */
  natsEnv(identity: BusIdentity): Record<string, string>;
  /** A NATS connection as `identity` (default: the operator, who may do anything), for tests and tools. */
  connectNats(identity?: BusIdentity): Promise<NatsConnection>;
  readonly adminUrl: string;
  readonly databaseUrl: string;
  /** Each service's runtime and owner URLs (createServiceRoles). */
  readonly serviceDatabases: Record<DatabaseService, ServiceDatabaseUrls>;
  readonly idpUrl: string;
  readonly graphqlUrl: string;
  readonly gatewayUrl: string;
  /** The gateway's Prometheus metrics, on its private listener (127.0.0.1, never the public port). */
  readonly metricsUrl: string;
  readonly processes: Partial<Record<StackApp, ManagedProcess>>;
  /** Every running instance of each app, by instance number (`processes[app]` is instance 0). */
  readonly instances: Partial<Record<StackApp, Array<ManagedProcess | undefined>>>;
  /** Each gateway instance's GraphQL endpoint, by instance number (`graphqlUrl` is instance 0's). */
  readonly graphqlUrls: readonly string[];
  /** The complete environment an app's instance 0 starts with (for a process the test runs elsewhere). */
  envOf(app: StackApp): Record<string, string>;
  /** Starts (or restarts) one app with the stack's environment, plus `env` for this start only. */
  start(app: StackApp, env?: Record<string, string>): Promise<ManagedProcess>;
  /** Like start, for instance `index` of the app (0 is the one start() starts). */
  startInstance(app: StackApp, index: number, env?: Record<string, string>): Promise<ManagedProcess>;
  /** Stops the apps, drops a fresh database, stops NATS/PostgreSQL if the stack started them. */
  stop(): Promise<void>;
}

/**
 * Brings up the whole stack the way `npm start`, `npm test` and `npm run bench` need it: NATS (reused or
 * started), PostgreSQL (reused or embedded), a database, the development identity provider, the directory
 * service and the gateway — each app a real child process that reports `ready`.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => undefined);
  let nats: SecuredNatsHandle | undefined;
  let postgres: PostgresHandle | undefined;
  const processes: Partial<Record<StackApp, ManagedProcess>> = {};
  const instances: Partial<Record<StackApp, Array<ManagedProcess | undefined>>> = {};
  const instanceCount = options.instances ?? 1;
  const countOf = (app: StackApp) => (app === 'dev-idp' ? 1 : instanceCount);
  const dbName = options.database ?? uniqueName('yiti_test');
  const dropOnStop = options.database === undefined;
  const subjectPrefix = options.subjectPrefix ?? '';
  const eventsStream = options.eventsStream ?? 'YITI_EVENTS';
  const auditStream = options.auditStream ?? 'YITI_AUDIT';

  const stopping = new AbortController();
  const restarts = new Set<Promise<void>>();
  const restartDelay = new Map<string, number>();
  const running = (app: StackApp) => (instances[app] ?? []).filter((p) => p !== undefined);

  // The gateway first (no new requests), then every other app at once, each with its own grace period, so a
  // shutdown takes one grace period rather than one per app; PostgreSQL and NATS only after the apps are gone.
  const stop = async () => {
    stopping.abort(); // no more restarts; an app still starting is terminated
    await Promise.all(restarts);
    const [first, ...rest] = [...STACK_APPS].reverse();
    if (first) await Promise.all(running(first).map((p) => p.stop()));
    await Promise.all(rest.flatMap((app) => running(app).map((p) => p.stop())));
    if (postgres && dropOnStop) await dropDatabase(postgres.adminUrl, dbName).catch(() => undefined);
    await postgres?.stop();
    await nats?.stop();
  };

  try {
    nats = await startSecuredNats({
      dataDir: options.dataDir,
      layout: { subjectPrefix, eventsStream, auditStream },
      log,
      ...(options.natsPort !== undefined ? { port: options.natsPort } : {}),
      ...(options.natsTls ? { tls: true } : {}),
      ...(options.natsNodes !== undefined ? { nodes: options.natsNodes } : {}),
      ...(options.natsLeafnodes ? { leafnodes: options.natsLeafnodes } : {}),
    });
    const secured = nats;
    const natsEnv = secured.env;
    postgres = await ensurePostgres({
      dataDir: options.dataDir,
      log,
      ...(options.postgresUrl ? { url: options.postgresUrl } : {}),
    });
    const databaseUrl = await ensureDatabase(postgres.adminUrl, dbName, options.freshDatabase ?? dropOnStop);
    const serviceDatabases = await createServiceRoles(postgres.adminUrl, dbName);
    const idpPort = options.idpPort ?? (await freePort());
    const gatewayPorts = [options.gatewayPort ?? (await freePort())];
    const metricsPorts = [options.metricsPort ?? (await freePort())];
    while (gatewayPorts.length < instanceCount) {
      gatewayPorts.push(await freePort());
      metricsPorts.push(await freePort());
    }
    const [gatewayPort] = gatewayPorts as [number];
    const idpUrl = options.keycloakUrl?.replace(/\/+$/, '') ?? `http://127.0.0.1:${idpPort}`;
    const portalDir = join(options.root, 'apps/portal/dist/site');
    const common: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      NODE_ENV: options.nodeEnv ?? 'development',
      KEYCLOAK_URL: idpUrl,
      NATS_SUBJECT_PREFIX: subjectPrefix,
      ...(nats.nodes.length > 1 ? { JETSTREAM_REPLICAS: String(Math.min(3, nats.nodes.length)) } : {}),
      ...options.env,
    };
    const envOf: Record<StackApp, Record<string, string>> = {
      'dev-idp': {
        ...common,
        DEV_IDP_PORT: String(idpPort),
        ...(options.signingKeyFile ? { DEV_IDP_SIGNING_KEY_FILE: options.signingKeyFile } : {}),
      },
      directory: { ...common, ...natsEnv('directory'), ...databaseEnv(serviceDatabases.directory) },
      agreements: {
        ...common,
        ...natsEnv('agreements'),
        ...databaseEnv(serviceDatabases.agreements),
        EVENTS_STREAM: eventsStream,
        SEED_DEMO_DATA: String(options.seedDemoData ?? false),
      },
      transfers: {
        ...common,
        ...natsEnv('transfers'),
        ...databaseEnv(serviceDatabases.transfers),
        EVENTS_STREAM: eventsStream,
        SEED_DEMO_DATA: String(options.seedDemoData ?? false),
      },
      meetings: {
        ...common,
        ...natsEnv('meetings'),
        ...databaseEnv(serviceDatabases.meetings),
        EVENTS_STREAM: eventsStream,
        SEED_DEMO_DATA: String(options.seedDemoData ?? false),
      },
      records: {
        ...common,
        ...natsEnv('records'),
        ...databaseEnv(serviceDatabases.records),
        EVENTS_STREAM: eventsStream,
        AUDIT_CHECKPOINT_STREAM: auditStream,
        ...(options.nodeEnv === 'production'
          ? { RECORDS_AUDIT_SIGNING_KEY_FILE: productionAuditSigningKey(options.dataDir) }
          : {}),
        SEED_DEMO_DATA: String(options.seedDemoData ?? false),
      },
      gateway: {
        ...common,
        ...natsEnv('gateway'),
        PORT: String(gatewayPort),
        METRICS_PORT: String(metricsPorts[0]),
        EVENTS_STREAM: eventsStream,
        READY_SERVICES: 'directory,agreements,transfers,meetings,records',
        // The web portal's build, when there is one (prepare builds it for npm start and npm test).
        ...(existsSync(join(portalDir, 'index.html')) ? { PORTAL_DIR: portalDir } : {}),
      },
    };
    // Instance `index` of an app: the gateway's own listeners, the same environment otherwise.
    const envOfInstance = (app: StackApp, index: number): Record<string, string> =>
      app === 'gateway' && index > 0
        ? { ...envOf.gateway, PORT: String(gatewayPorts[index]), METRICS_PORT: String(metricsPorts[index]) }
        : envOf[app];
    const startInstance = async (
      app: StackApp,
      index: number,
      env: Record<string, string> = {},
    ): Promise<ManagedProcess> => {
      if (!Number.isInteger(index) || index < 0 || index >= countOf(app)) {
        throw new Error(`${app} has no instance ${index} (the stack runs ${countOf(app)})`);
      }
      const slots = (instances[app] ??= []);
      const previous = slots[index];
      slots[index] = undefined; // stopped on purpose: not restarted
      if (index === 0) delete processes[app];
      await previous?.stop();
      const proc = await startProcess({
        name: index === 0 ? app : `${app}#${index}`,
        args: ['--enable-source-maps', join(options.root, 'apps', app, 'dist/src/main.js')],
        env: { ...envOfInstance(app, index), ...env },
        cwd: options.root,
        output: options.output ?? 'capture',
        signal: stopping.signal,
        ...(options.readyTimeoutMs !== undefined ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
      });
      slots[index] = proc;
      if (index === 0) processes[app] = proc;
      if (options.restartOnExit) {
        const readyAt = Date.now();
        void proc.exited.then(() => {
          if (slots[index] !== proc || stopping.signal.aborted) return;
          slots[index] = undefined;
          if (index === 0) delete processes[app];
          if (Date.now() - readyAt >= RESTART_HEALTHY_AFTER_MS) restartDelay.delete(proc.name);
          const restarting = restart(app, index, env, `exited (${proc.exitReason()})`);
          restarts.add(restarting);
          void restarting.finally(() => restarts.delete(restarting));
        });
      }
      return proc;
    };
    const start = (app: StackApp, env: Record<string, string> = {}) => startInstance(app, 0, env);
    // Starts an app that died again, with back-off, until it is ready or the stack stops.
    const restart = async (
      app: StackApp,
      index: number,
      env: Record<string, string>,
      why: string,
    ): Promise<void> => {
      const name = index === 0 ? app : `${app}#${index}`;
      for (;;) {
        const delayMs = restartDelay.get(name) ?? RESTART_FIRST_DELAY_MS;
        restartDelay.set(name, Math.min(delayMs * 2, RESTART_MAX_DELAY_MS));
        log(`${name} ${why}; restarting in ${delayMs / 1000} s`);
        await delay(delayMs, undefined, { signal: stopping.signal }).catch(() => undefined);
        if (stopping.signal.aborted) return;
        try {
          log(`${name} restarted (pid ${(await startInstance(app, index, env)).pid})`);
          return;
        } catch (err) {
          if (stopping.signal.aborted) return;
          why = `failed to start again (${(err instanceof Error ? err.message : String(err)).split('\n')[0]})`;
        }
      }
    };
    await options.provision?.({
      connect: () => secured.connect('operator', 'provision'),
      subjectPrefix,
      eventsStream,
    });
    const apps = STACK_APPS.filter((app) => app !== 'dev-idp' || !options.keycloakUrl);
    // The identity provider and the directory first (the others ask the directory), the gateway last (it waits
    // for every service); the services in between do not need each other to boot, so they start together.
    for (const stage of BOOT_STAGES) {
      await Promise.all(stage.filter((app) => apps.includes(app)).map((app) => start(app)));
    }
    // Further instances join once the first of each is up (streams, consumers and migrations exist): at once.
    await Promise.all(
      apps.flatMap((app) => Array.from({ length: countOf(app) - 1 }, (_, i) => startInstance(app, i + 1))),
    );
    return {
      natsUrl: nats.url,
      natsNodes: nats.nodes,
      natsLeafnodes: nats.leafnodes,
      natsCredentials: nats.credentials,
      natsTlsCaFile: nats.tls?.caFile,
      subjectPrefix,
      eventsStream,
      auditStream,
      natsEnv,
      connectNats: (identity: BusIdentity = 'operator') => secured.connect(identity, `test-${identity}`),
      adminUrl: postgres.adminUrl,
      databaseUrl,
      serviceDatabases,
      idpUrl,
      gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
      metricsUrl: `http://127.0.0.1:${metricsPorts[0]}/metrics`,
      graphqlUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
      graphqlUrls: gatewayPorts.map((port) => `http://127.0.0.1:${port}/graphql`),
      processes,
      instances,
      envOf: (app) => ({ ...envOf[app] }),
      start,
      startInstance,
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

/**
 * The records service's checkpoint signing key for a production-mode stack (a local trial of
 * `NODE_ENV=production npm start`): a production service never generates its own key, so the stack makes one
 * under the data folder. Outside production the service makes its own (RECORDS_AUDIT_SIGNING_KEY_FILE default).
 */
function productionAuditSigningKey(dataDir: string): string {
  const file = join(dataDir, 'records-audit-signing-key.pem');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
    writeFileSync(`${file}.pub`, publicKey.export({ type: 'spki', format: 'pem' }) as string);
  }
  return file;
}

async function ensureDatabase(adminUrl: string, name: string, fresh: boolean): Promise<string> {
  if (fresh) return createDatabase(adminUrl, name);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) return createDatabase(adminUrl, name);
  } finally {
    await client.end();
  }
  return databaseUrl(adminUrl, name);
}
