import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { CITY_JETSTREAM_DOMAIN, COUNTY_LEAF, type BusIdentity, type BusLayout } from '@yiti/contracts';
import { natsConnectionOptions, type NatsClientConfig } from '@yiti/messaging';
import { hasExited, terminate, trackChild } from './children.js';
import { formatTail } from './lines.js';
import {
  ensureBusCredentials,
  makeTestTlsFiles,
  renderAuthorization,
  renderSecuredNatsConfig,
  type BusCredentials,
  type NatsTlsFiles,
} from './nats-auth.js';
import { freePort, isPortFree } from './ports.js';
import { findExecutable, isRootOnDebian, runStreaming, stopLeftover } from './system.js';
import { sleep } from './wait.js';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const NATS_SERVER_LOCATIONS = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];
const READY_TIMEOUT_MS = 15_000;

export interface EnsureNatsOptions {
  /** Server to reuse if it answers (default nats://127.0.0.1:4222). */
  url?: string;
  /** Directory for the JetStream store (`<dataDir>/nats`) and log (`<dataDir>/nats.log`) of a started server. */
  dataDir: string;
  log?: (msg: string) => void;
}

export interface NatsHandle {
  url: string;
  /** True when this call started a nats-server (then stop() terminates it). */
  started: boolean;
  stop(): Promise<void>;
}

type Probe =
  { kind: 'jetstream' } | { kind: 'no-jetstream'; reason: string } | { kind: 'unreachable'; reason: string };

async function connectOnce(url: string, options: ConnectionOptions = {}): Promise<NatsConnection> {
  return connect({ ...options, servers: url, timeout: 1000, reconnect: false, maxReconnectAttempts: 0 });
}

/**
 * Connects once to `url` (with `options`, e.g. credentials) and checks that JetStream answers: by default its
 * account info; `check` asks something else (a leaf's clients may only read their own streams).
 */
export async function probeNats(
  url: string,
  options: ConnectionOptions = {},
  check: (nc: NatsConnection) => Promise<unknown> = async (nc) =>
    (await jetstreamManager(nc, { timeout: 2000 })).getAccountInfo(),
): Promise<Probe> {
  let nc: NatsConnection;
  try {
    nc = await connectOnce(url, options);
  } catch (err) {
    return { kind: 'unreachable', reason: err instanceof Error ? err.message : String(err) };
  }
  try {
    await check(nc);
    return { kind: 'jetstream' };
  } catch (err) {
    return { kind: 'no-jetstream', reason: err instanceof Error ? err.message : String(err) };
  } finally {
    await nc.close().catch(() => undefined);
  }
}

function requestedPort(url: string): number | undefined {
  try {
    const port = Number(new URL(url).port);
    return port > 0 ? port : 4222;
  } catch {
    return undefined;
  }
}

async function findOrInstallNatsServer(log: (msg: string) => void): Promise<string> {
  const found = findExecutable('nats-server', NATS_SERVER_LOCATIONS);
  if (found) return found;
  if (isRootOnDebian()) {
    log('nats-server not found: installing it with apt-get (Debian, running as root)');
    await runStreaming('apt-get', ['update'], log);
    await runStreaming('apt-get', ['install', '-y', 'nats-server'], log, {
      DEBIAN_FRONTEND: 'noninteractive',
    });
    const installed = findExecutable('nats-server', NATS_SERVER_LOCATIONS);
    if (installed) return installed;
    throw new Error('apt-get install nats-server succeeded but no nats-server binary was found');
  }
  throw new Error(
    'No NATS server with JetStream is reachable and nats-server is not installed. Either install it ' +
      '(Debian/Ubuntu: `sudo apt-get install nats-server`; elsewhere download it from https://nats.io/download/) ' +
      'or set NATS_URL to a NATS server started with JetStream enabled (`nats-server -js`).',
  );
}

function logTail(logFile: string): string {
  try {
    const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
    return formatTail(lines.slice(-30), logFile);
  } catch {
    return `(no log at ${logFile})`;
  }
}

const pidFile = (dataDir: string): string => path.join(dataDir, 'nats.pid');

/** A nats-server of a previous run that was killed (SIGKILL/crash) may still hold our store and port. */
async function stopLeftoverNats(dataDir: string, log: (msg: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile(dataDir), 'utf8').trim());
  } catch {
    return;
  }
  await stopLeftover(pid, ['nats-server', path.join(dataDir, 'nats')], 'SIGTERM', log, 5000);
}

interface ServerLaunch {
  port: number;
  /** nats-server arguments besides the pid file. */
  args: string[];
  /** The URL clients use (nats:// or tls://). */
  url: string;
  /** Checks that the started server answers with JetStream (the secured one needs credentials). */
  probe: (url: string) => Promise<Probe>;
  /** A command the server runs under, e.g. `['ip', 'netns', 'exec', ns]` for a county leaf in its namespace. */
  prefix?: string[];
}

async function startNatsServer(
  binary: string,
  launch: ServerLaunch,
  dataDir: string,
  log: (msg: string) => void,
): Promise<ChildProcess> {
  const logFile = path.join(dataDir, 'nats.log');
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    // Output goes straight to the log file: no pipe that could fill up and block the server.
    const args = [...(launch.prefix ?? []).slice(1), binary, ...launch.args, '-P', pidFile(dataDir)];
    child = spawn(launch.prefix?.[0] ?? binary, launch.prefix ? args : args.slice(1), {
      stdio: ['ignore', logFd, logFd],
      detached: true, // its own process group: a terminal's Ctrl-C reaches the apps, not the server
    });
  } finally {
    closeSync(logFd);
  }
  trackChild(child, 'SIGTERM');
  log(`started ${binary} (pid ${child.pid}) on port ${launch.port}, log ${logFile}`);

  const url = launch.url;
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastReason = '';
  while (Date.now() < deadline) {
    if (spawnError || hasExited(child)) {
      const why = spawnError ? spawnError.message : `exit code ${child.exitCode}, signal ${child.signalCode}`;
      throw new Error(`nats-server failed to start (${why}); ${logTail(logFile)}`);
    }
    const probe = await launch.probe(url);
    if (probe.kind === 'jetstream') return child;
    lastReason = probe.reason;
    await sleep(100);
  }
  await terminate(child, { signal: 'SIGTERM', graceMs: 5000 });
  throw new Error(
    `nats-server on ${url} did not become ready with JetStream within ${READY_TIMEOUT_MS} ms ` +
      `(last probe: ${lastReason}); ${logTail(logFile)}`,
  );
}

/**
 * Reuses the NATS server at `opts.url` (default nats://127.0.0.1:4222) if it answers with JetStream;
 * otherwise starts a local nats-server with JetStream (installing it with apt-get when running as root on
 * Debian). Throws if an explicitly requested server answers without JetStream.
 */
export async function ensureNats(opts: EnsureNatsOptions): Promise<NatsHandle> {
  const log = opts.log ?? (() => undefined);
  const url = opts.url ?? DEFAULT_NATS_URL;
  const dataDir = path.resolve(opts.dataDir);
  await stopLeftoverNats(dataDir, log);
  const probe = await probeNats(url);
  if (probe.kind === 'jetstream') {
    log(`reusing NATS with JetStream at ${url}`);
    return { url, started: false, stop: async () => undefined };
  }
  if (probe.kind === 'no-jetstream') {
    if (opts.url !== undefined) {
      throw new Error(
        `NATS at ${url} answers but JetStream is not available (${probe.reason}). ` +
          'Start nats-server with JetStream enabled (`nats-server -js`, or `jetstream {}` in its config).',
      );
    }
    // The default address is taken by a server without JetStream, typically Debian's nats-server service
    // that `apt-get install nats-server` enables: leave it alone and start our own on another port.
    log(`NATS at ${url} has no JetStream (${probe.reason}); starting a separate nats-server`);
  } else {
    log(`no NATS at ${url} (${probe.reason}); starting a local nats-server`);
  }

  const binary = await findOrInstallNatsServer(log);
  const wanted = requestedPort(url);
  const port = wanted !== undefined && (await isPortFree(wanted)) ? wanted : await freePort();
  const storeDir = path.join(dataDir, 'nats');
  await mkdir(storeDir, { recursive: true });
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir];
  const launch = { port, args, url: `nats://127.0.0.1:${port}`, probe: probeNats };
  const child = await startNatsServer(binary, launch, dataDir, log);
  return {
    url: `nats://127.0.0.1:${port}`,
    started: true,
    stop: async () => {
      await terminate(child, { signal: 'SIGTERM', graceMs: 5000 });
    },
  };
}

/** Deletes every JetStream stream whose name starts with `prefix`; returns how many were deleted. */
export async function deleteStreams(natsUrl: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error('deleteStreams: refusing an empty prefix');
  const nc = await connectOnce(natsUrl);
  try {
    const jsm = await jetstreamManager(nc);
    const doomed: string[] = [];
    for await (const name of jsm.streams.names()) if (name.startsWith(prefix)) doomed.push(name);
    for (const name of doomed) await jsm.streams.delete(name);
    return doomed.length;
  } finally {
    await nc.close().catch(() => undefined);
  }
}

export interface SecuredNatsOptions {
  /** Holds the store (`nats/`), the log, the generated config and the credentials (`nats-credentials/`). */
  dataDir: string;
  layout: BusLayout;
  /** Port to listen on when free (npm start asks for 4222); otherwise, or when omitted, a free one. */
  port?: number;
  /** Serve TLS only, with a CA and certificate made here for 127.0.0.1. */
  tls?: boolean;
  /**
   * How many servers (default 1). More make a loopback JetStream cluster: node `i` keeps its store, log and
   * configuration under `<dataDir>/node-<i>/`, the credentials are shared, and the URL lists every node.
   */
  nodes?: number;
  /**
   * A leafnodes listener for county leaf nodes on this address (a free port), with a password made for the run
   * for the county-leaf identity (COUNTY_LEAF); the handle's `leafnodes` says how a leaf connects.
   */
  leafnodes?: { host: string };
  /** Tags every server carries, for JetStream placement (`server_tags`). */
  serverTags?: string[];
  log?: (msg: string) => void;
}

/** One server of a cluster, for tests that crash and restart it. */
export interface NatsNode {
  /** Its `server_name`: what JetStream's stream info names as `cluster.leader` and `replicas[].name`. */
  readonly name: string;
  readonly url: string;
  /** The pid of the running server; undefined while it is down. */
  readonly pid: number | undefined;
  /** kill -9 of this node (its store stays as a crash leaves it). */
  kill9(): Promise<void>;
  /** Starts it again on the same ports and store; resolves once it answers with JetStream. */
  start(): Promise<void>;
}

export interface SecuredNatsHandle extends NatsHandle {
  credentials: BusCredentials;
  /** The CA clients must trust, when TLS is on. */
  tls?: NatsTlsFiles;
  /** Every server (one unless `nodes` asked for a cluster). */
  nodes: readonly NatsNode[];
  /** The environment that makes a process connect as `identity` (NATS_URL, NATS_NKEY_SEED_FILE, NATS_TLS_CA_FILE). */
  env(identity: BusIdentity): Record<string, string> & NatsClientConfig;
  /** A connection as `identity`, for the harness, tests and tools. */
  connect(identity: BusIdentity, name?: string): Promise<NatsConnection>;
  /** Where county leaf nodes connect (`nats://county-leaf:<password>@host:port`), when `leafnodes` was asked. */
  leafnodes?: { url: string; host: string; port: number };
}

async function distinctFreePorts(count: number, first?: number): Promise<number[]> {
  const ports: number[] = [];
  if (first !== undefined && (await isPortFree(first))) ports.push(first);
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

/**
 * Starts a nats-server the way Yiti must run it: no anonymous access, one nkey user per identity with the
 * permissions of BUS_RULES, JetStream, and TLS when asked. `npm start` and every test stack use it; the
 * credentials are generated at the first start (libs/devstack/src/nats-auth.ts). With `nodes` > 1 it starts
 * that many such servers at once as one JetStream cluster on loopback (they elect their meta leader together).
 */
export async function startSecuredNats(opts: SecuredNatsOptions): Promise<SecuredNatsHandle> {
  const log = opts.log ?? (() => undefined);
  const dataDir = path.resolve(opts.dataDir);
  const count = opts.nodes ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new Error(`startSecuredNats: bad node count ${count}`);
  await mkdir(dataDir, { recursive: true });
  const nodeDirs =
    count === 1 ? [dataDir] : Array.from({ length: count }, (_, i) => path.join(dataDir, `node-${i}`));
  for (const dir of nodeDirs) await stopLeftoverNats(dir, log);
  const binary = await findOrInstallNatsServer(log);
  const ports = await distinctFreePorts(count, opts.port);
  const routePorts = count === 1 ? [] : await distinctFreePorts(count);
  const credentials = ensureBusCredentials(path.join(dataDir, 'nats-credentials'));
  const tls = opts.tls ? makeTestTlsFiles(path.join(dataDir, 'nats-tls')) : undefined;
  const scheme = tls ? 'tls' : 'nats';
  const urls = ports.map((port) => `${scheme}://127.0.0.1:${port}`);
  const url = urls.join(',');
  const env = (identity: BusIdentity): Record<string, string> & NatsClientConfig => ({
    NATS_URL: url,
    NATS_NKEY_SEED_FILE: credentials[identity].seedFile,
    ...(tls ? { NATS_TLS_CA_FILE: tls.caFile } : {}),
  });
  const operator = natsConnectionOptions(env('operator'), 'operator', 'devstack-probe');
  const clusterName = `yiti-${path.basename(dataDir)}`.replace(/[^A-Za-z0-9_-]/g, '_');
  if (opts.leafnodes && count > 1) throw new Error('startSecuredNats: leafnodes are for a single server');
  const leaf = opts.leafnodes
    ? { host: opts.leafnodes.host, port: await freePort(), password: randomBytes(18).toString('base64url') }
    : undefined;
  // Leaf nodes reach the hub's JetStream by its domain (a leaf without JetStream cannot use `$JS.API` across).
  const layout: BusLayout = leaf ? { ...opts.layout, jetstreamDomain: CITY_JETSTREAM_DOMAIN } : opts.layout;

  const launches = nodeDirs.map(
    (dir, i): ServerLaunch & { dir: string; name: string; write(): Promise<void> } => {
      const storeDir = path.join(dir, 'nats');
      const configFile = path.join(dir, 'nats-server.conf');
      const name = count === 1 ? 'yiti-dev' : `yiti-n${i}`;
      const cluster =
        count === 1
          ? undefined
          : { name: clusterName, serverName: name, routePort: routePorts[i]!, routePorts };
      return {
        dir,
        name,
        port: ports[i]!,
        url: urls[i]!,
        args: ['-c', configFile],
        probe: (u) => probeNats(u, operator),
        write: async () => {
          await mkdir(storeDir, { recursive: true });
          writeFileSync(
            configFile,
            renderSecuredNatsConfig({
              port: ports[i]!,
              storeDir,
              layout,
              credentials,
              ...(tls ? { tls } : {}),
              ...(cluster ? { cluster } : {}),
              ...(opts.serverTags ? { serverTags: opts.serverTags } : {}),
              ...(leaf
                ? { leafnodes: { listen: `${leaf.host}:${leaf.port}`, password: leaf.password } }
                : {}),
            }),
            { mode: 0o600 },
          );
        },
      };
    },
  );
  const children: Array<ChildProcess | undefined> = [];
  const launch = async (i: number): Promise<void> => {
    const node = launches[i]!;
    await node.write();
    children[i] = await startNatsServer(binary, node, node.dir, log);
  };
  try {
    await Promise.all(launches.map((_, i) => launch(i)));
  } catch (err) {
    await Promise.all(children.map((c) => c && terminate(c, { signal: 'SIGTERM', graceMs: 5000 })));
    throw err;
  }
  const nodes = launches.map((node, i): NatsNode => ({
    name: node.name,
    url: node.url,
    get pid() {
      const child = children[i];
      return child && !hasExited(child) ? child.pid : undefined;
    },
    kill9: async () => {
      const child = children[i];
      if (child) await terminate(child, { signal: 'SIGKILL' });
    },
    start: async () => {
      const child = children[i];
      if (child && !hasExited(child)) throw new Error(`${node.name} is still running`);
      await launch(i);
    },
  }));
  return {
    url,
    started: true,
    credentials,
    ...(tls ? { tls } : {}),
    nodes,
    env,
    connect: (identity, name = `devstack-${identity}`) =>
      connect(natsConnectionOptions(env(identity), identity, name)),
    ...(leaf
      ? {
          leafnodes: {
            url: `nats://${COUNTY_LEAF.user}:${leaf.password}@${leaf.host}:${leaf.port}`,
            host: leaf.host,
            port: leaf.port,
          },
        }
      : {}),
    stop: async () => {
      await Promise.all(children.map((c) => c && terminate(c, { signal: 'SIGTERM', graceMs: 5000 })));
    },
  };
}

export interface CountyLeafOptions {
  /** Holds the leaf's configuration and log. */
  dataDir: string;
  layout: BusLayout;
  /** The hub's credentials: the county's processes keep their own identities on the leaf too. */
  credentials: BusCredentials;
  /** The hub's leafnodes URL with the county-leaf password (SecuredNatsHandle.leafnodes.url). */
  hubUrl: string;
  /** The port the leaf listens on for the county's processes (every interface of where it runs). */
  port: number;
  /** The URL the harness reaches the leaf at, to check that it is up and joined to the hub. */
  probeUrl: string;
  /** A stream of the hub the probe reads the info of through the leaf (proves the link to JetStream). */
  probeStream: string;
  /** A command the server runs under, e.g. `['ip', 'netns', 'exec', ns]`. */
  prefix?: string[];
  log?: (msg: string) => void;
}

/**
 * A county's leaf node (deploy/k8s/county/leaf.conf, for a test): no JetStream of its own — the county's
 * processes reach the hub's through it — the same identities and permissions as the hub for local clients,
 * and a remote to the hub as the county-leaf identity. Pings every 2 s, so a dead link is noticed in seconds and
 * the leaf reconnects (every second) once the link is back.
 */
export async function startCountyLeafNats(opts: CountyLeafOptions): Promise<{ stop(): Promise<void> }> {
  const log = opts.log ?? (() => undefined);
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const binary = await findOrInstallNatsServer(log);
  const configFile = path.join(dataDir, 'nats-leaf.conf');
  writeFileSync(
    configFile,
    [
      '# Generated by the Yiti test harness (libs/devstack/src/nats.ts): a county leaf node.',
      `listen: "0.0.0.0:${opts.port}"`,
      'server_name: "yiti-county-leaf"',
      'ping_interval: "2s"',
      'ping_max: 2',
      `leafnodes {\n  reconnect: 1\n  remotes: [ { url: ${JSON.stringify(opts.hubUrl)} } ]\n}`,
      renderAuthorization((identity) => opts.credentials[identity].publicKey, opts.layout),
    ].join('\n'),
    { mode: 0o600 },
  );
  const meetings = natsConnectionOptions(
    { NATS_URL: opts.probeUrl, NATS_NKEY_SEED_FILE: opts.credentials.meetings.seedFile },
    'meetings',
    'devstack-leaf-probe',
  );
  // Through the leaf, as the county's meetings identity: the hub's event stream, by the city's domain.
  const probe = (url: string) =>
    probeNats(url, meetings, async (nc) =>
      (await jetstreamManager(nc, { timeout: 2000, domain: CITY_JETSTREAM_DOMAIN })).streams.info(
        opts.probeStream,
      ),
    );
  const child = await startNatsServer(
    binary,
    {
      port: opts.port,
      args: ['-c', configFile],
      url: opts.probeUrl,
      probe,
      ...(opts.prefix ? { prefix: opts.prefix } : {}),
    },
    dataDir,
    log,
  );
  return { stop: () => terminate(child, { signal: 'SIGTERM', graceMs: 5000 }).then(() => undefined) };
}
