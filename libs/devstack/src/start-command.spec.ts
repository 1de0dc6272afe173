import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { createDatabase, dropDatabase, uniqueName } from './databases.js';
import { deleteStreams } from './nats.js';
import { freePort } from './ports.js';
import { REPO_ROOT } from './test-stack.js';
import { waitFor } from './wait.js';

// `npm start` as a user runs it — through npm — and what it leaves behind when it is signalled. Every process
// this test looks at is a descendant of the npm it started, found through /proc from that PID: never by name.
const NATS_URL = process.env['YITI_TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';
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

function npmStart(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn('npm', ['start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('npm start', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('refuses NODE_ENV=production without KEYCLOAK_URL, before starting anything', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
    delete env['KEYCLOAK_URL'];
    const { child, output } = npmStart(env);
    assert.notEqual(await exited(child), 0);
    assert.match(output(), /NODE_ENV=production needs KEYCLOAK_URL/);
    assert.doesNotMatch(output(), /Starting Yiti/);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops every process it started within 10 s of ${signal} to the npm process`, async () => {
      const database = uniqueName('yiti_start');
      const stream = uniqueName('YITI_START').toUpperCase();
      await createDatabase(ADMIN_URL, database);
      cleanups.push(() => dropDatabase(ADMIN_URL, database));
      cleanups.push(async () => {
        await deleteStreams(NATS_URL, stream);
      });
      const port = await freePort();
      const idpPort = await freePort();
      const metricsPort = await freePort();
      const { child, output } = npmStart({
        ...process.env,
        NODE_ENV: 'development',
        NATS_URL,
        DATABASE_URL: ADMIN_URL,
        YITI_DATABASE: database,
        NATS_SUBJECT_PREFIX: `${uniqueName('start')}.`,
        EVENTS_STREAM: stream,
        PORT: String(port),
        DEV_IDP_PORT: String(idpPort),
        METRICS_PORT: String(metricsPort),
      });
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
        { timeoutMs: 150_000, intervalMs: 500, what: 'the gateway to be ready' },
      );
      assert.equal(child.exitCode, null, `npm start exited early:\n${output().slice(-3000)}`);
      assert.match(output(), /GraphQL IDE/);
      assert.ok(
        output().includes(`Metrics          http://127.0.0.1:${metricsPort}/metrics`),
        'prints the metrics URL',
      );
      const started = descendantsOf(child.pid!);
      assert.ok(started.length >= 7, `expected the apps under npm start, found ${started.length} processes`);

      const t0 = Date.now();
      process.kill(child.pid!, signal);
      await waitFor(async () => ![child.pid!, ...started].some(alive), {
        timeoutMs: 10_000,
        intervalMs: 100,
        what: `every process of npm start to stop after ${signal}`,
      });
      const seconds = (Date.now() - t0) / 1000;
      assert.ok(seconds <= 10, `took ${seconds} s`);
      console.log(`npm start stopped ${started.length} processes in ${seconds.toFixed(1)} s after ${signal}`);
    });
  }
});
