import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { createDatabase, dropDatabase, uniqueName } from './databases.js';
import { freePort } from './ports.js';
import { REPO_ROOT } from './test-stack.js';
import { waitFor } from './wait.js';

// `npm start` as a user runs it — through npm — and what it leaves behind when it is signalled. Every process
// this test looks at is a descendant of the npm it started, found through /proc from that PID: never by name.
const ADMIN_URL = process.env['YITI_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of childrenOf(queue.shift()!)) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** /proc/<pid>/stat field 5: the process group. */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** The descendants of `pid` that run `apps/<app>/dist/src/main.js`, by app. */
function appsUnder(pid: number): Map<string, number> {
  const apps = new Map<string, number>();
  for (const child of descendantsOf(pid)) {
    const app = /apps\/([\w-]+)\/dist\/src\/main\.js/.exec(cmdline(child))?.[1];
    if (app) apps.set(app, child);
  }
  return apps;
}

function spawnNpmStart(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn('npm', ['start'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

interface NpmStart {
  child: ChildProcess;
  output: () => string;
  port: number;
  idpPort: number;
}

/**
 * `npm start` on fresh ports, its own process group (as a shell starts a job), with a unique subject prefix
 * and events stream; npm start always runs its own secured nats-server (here on a free port); `servers` say
 * which DATABASE_URL it should use (or try: nothing listens on a free port, so it starts its own PostgreSQL).
 * Resolves once the gateway is ready.
 */
async function npmStart(
  cleanups: Array<() => Promise<void>>,
  servers: { databaseUrl: string; database: string; stream: string },
): Promise<NpmStart> {
  const port = await freePort();
  const idpPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    NATS_PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    DATABASE_URL: servers.databaseUrl,
    YITI_DATABASE: servers.database,
    NATS_SUBJECT_PREFIX: `${uniqueName('start')}.`,
    EVENTS_STREAM: servers.stream,
    PORT: String(port),
    DEV_IDP_PORT: String(idpPort),
  };
  const { child, output } = spawnNpmStart(env);
  cleanups.push(async () => {
    for (const pid of [child.pid!, ...descendantsOf(child.pid!)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
  await waitFor(
    async () => {
      if (child.exitCode !== null) return true;
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
      return res?.status === 200;
    },
    { timeoutMs: 180_000, intervalMs: 500, what: 'the gateway to be ready' },
  );
  assert.equal(child.exitCode, null, `npm start exited early:\n${output().slice(-3000)}`);
  assert.match(output(), /GraphQL IDE/);
  assert.match(output(), /metrics\s+http:\/\/127\.0\.0\.1:\d+\/metrics/i);
  return { child, output, port, idpPort };
}

/** npm start against the machine's PostgreSQL, in a fresh database. */
async function npmStartShared(cleanups: Array<() => Promise<void>>): Promise<NpmStart> {
  const database = uniqueName('yiti_start');
  const stream = uniqueName('YITI_START').toUpperCase();
  await createDatabase(ADMIN_URL, database);
  cleanups.push(() => dropDatabase(ADMIN_URL, database));
  return npmStart(cleanups, { databaseUrl: ADMIN_URL, database, stream });
}

/** Waits until none of `pids` is alive; returns the seconds since `t0` and when each one was last seen. */
async function allGone(
  pids: number[],
  t0: number,
  what: string,
): Promise<{ seconds: number; goneAt: Map<number, number> }> {
  const goneAt = new Map<number, number>();
  await waitFor(
    async () => {
      for (const pid of pids) if (!goneAt.has(pid) && !alive(pid)) goneAt.set(pid, Date.now());
      return goneAt.size === pids.length;
    },
    { timeoutMs: 10_000, intervalMs: 50, what },
  );
  const seconds = (Date.now() - t0) / 1000;
  assert.ok(seconds <= 10, `took ${seconds} s`);
  return { seconds, goneAt };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/** A GraphQL query that the gateway answers from the agreements service, as a demo user. */
async function queryAgreements(start: NpmStart): Promise<unknown> {
  const token = await fetch(`http://127.0.0.1:${start.idpPort}/realms/yiti/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'yiti-portal',
      username: 'gongga-prosecutor',
      password: 'yiti-demo',
    }),
  }).then(async (res) => ((await res.json()) as { access_token: string }).access_token);
  const res = await fetch(`http://127.0.0.1:${start.port}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `{ agreementsCovering(from: "proc-540522", to: "proc-540124", businessLine: "criminal",
        category: "ecology-resources") { code } }`,
    }),
  });
  return res.json();
}

const SHUTDOWN_FAILURES = /again: exiting immediately|shutdown timed out|shutdown failed/;

describe('npm start', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('refuses NODE_ENV=production without KEYCLOAK_URL, before starting anything', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
    delete env['KEYCLOAK_URL'];
    const { child, output } = spawnNpmStart(env);
    assert.notEqual(await exited(child), 0);
    assert.match(output(), /NODE_ENV=production needs KEYCLOAK_URL/);
    assert.doesNotMatch(output(), /Starting Yiti/);
  });

  it('stops every process it started within 10 s of SIGINT to the npm process', async () => {
    const { child, output } = await npmStartShared(cleanups);
    const started = descendantsOf(child.pid!);
    assert.ok(started.length >= 7, `expected the apps under npm start, found ${started.length} processes`);
    const t0 = Date.now();
    process.kill(child.pid!, 'SIGINT');
    const { seconds } = await allGone([child.pid!, ...started], t0, 'every process of npm start to stop');
    assert.doesNotMatch(output(), SHUTDOWN_FAILURES);
    console.log(`npm start stopped ${started.length} processes in ${seconds.toFixed(1)} s after SIGINT`);
  });

  it('restarts a service that dies with back-off, says so, and still stops within 10 s of SIGTERM', async () => {
    const start = await npmStartShared(cleanups);
    const { child, output } = start;
    // kill -9 of agreements: a new agreements process, announced with the delay; one that dies again within
    // a minute waits twice as long.
    const restartCount = () => output().match(/agreements restarted/g)?.length ?? 0;
    let current = appsUnder(child.pid!).get('agreements');
    for (const [round, delay] of [
      [1, 1],
      [2, 2],
    ] as const) {
      const killed = current;
      assert.ok(killed, 'an agreements process under npm start');
      process.kill(killed, 'SIGKILL');
      await waitFor(
        async () => {
          current = appsUnder(child.pid!).get('agreements');
          return current !== undefined && current !== killed && restartCount() === round;
        },
        { timeoutMs: 60_000, intervalMs: 200, what: `agreements to be restarted (${round})` },
      );
      const said = output().match(/agreements exited \(signal SIGKILL\); restarting in \d+ s/g) ?? [];
      assert.equal(said[round - 1], `agreements exited (signal SIGKILL); restarting in ${delay} s`);
      assert.ok(alive(current!));
    }
    const answer = await queryAgreements(start);
    assert.ok(
      Array.isArray((answer as { data?: { agreementsCovering?: unknown } }).data?.agreementsCovering),
      JSON.stringify(answer),
    );

    const started = descendantsOf(child.pid!);
    const t0 = Date.now();
    process.kill(child.pid!, 'SIGTERM');
    const { seconds } = await allGone([child.pid!, ...started], t0, 'every process of npm start to stop');
    assert.doesNotMatch(output(), SHUTDOWN_FAILURES);
    assert.doesNotMatch(output().slice(output().indexOf('Stopping Yiti')), /restarting in/);
    console.log(`npm start stopped ${started.length} processes in ${seconds.toFixed(1)} s after SIGTERM`);
  });

  it('runs the nats-server and PostgreSQL it starts in their own process group, stopped after the apps', async () => {
    // Nothing listens on a free port: npm start starts its own embedded PostgreSQL (in .data/), as it always
    // starts its own nats-server.
    const { child, output } = await npmStart(cleanups, {
      databaseUrl: `postgres://postgres@127.0.0.1:${await freePort()}/postgres`,
      database: 'yiti_start_test',
      stream: uniqueName('YITI_START').toUpperCase(),
    });
    const jobGroup = child.pid!;
    const all = descendantsOf(jobGroup);
    const apps = [...appsUnder(jobGroup).values()];
    const nats = all.filter((pid) => /nats-server/.test(cmdline(pid)));
    // The postmaster; its children (a backend per connection, checkpointer, …) share its process group.
    const postgres = all.filter((pid) => /bin\/postgres -D /.test(cmdline(pid)));
    assert.equal(apps.length, 7, 'the seven apps');
    assert.equal(nats.length, 1, 'one nats-server');
    assert.equal(postgres.length, 1, 'one postmaster');
    for (const pid of apps) assert.equal(processGroup(pid), jobGroup, `app ${cmdline(pid)}`);
    for (const pid of [...nats, ...postgres, ...descendantsOf(postgres[0]!)]) {
      assert.notEqual(processGroup(pid), jobGroup, cmdline(pid));
    }

    // Ctrl-C in a terminal: SIGINT to every process of the foreground job's group.
    const t0 = Date.now();
    process.kill(-jobGroup, 'SIGINT');
    const { seconds, goneAt } = await allGone([jobGroup, ...all], t0, 'every process of npm start to stop');
    const lastApp = Math.max(...apps.map((pid) => goneAt.get(pid)!));
    const firstServer = Math.min(...[...nats, ...postgres].map((pid) => goneAt.get(pid)!));
    assert.ok(
      lastApp <= firstServer,
      `a server stopped ${lastApp - firstServer} ms before the last app:\n${output().slice(output().indexOf('Stopping Yiti') - 300)}`,
    );
    assert.match(output(), /Stopping Yiti/);
    assert.doesNotMatch(output(), SHUTDOWN_FAILURES);
    console.log(
      `Ctrl-C stopped ${all.length} processes in ${seconds.toFixed(1)} s, the servers after the apps`,
    );
  });
});
