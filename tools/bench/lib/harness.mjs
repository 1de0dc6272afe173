// What every benchmark needs around its measurements: the real stack in a temporary folder, helper
// processes, logging in, and cleanup that runs exactly once — on success, on error and on Ctrl-C.
// Import this only after prepare() has built the workspace (it loads @yiti/devstack).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { installShutdownHandlers, startProcess, startStack, uniqueName } from '@yiti/devstack';

export const log = (message) => console.log(`[bench] ${message}`);

/**
 * Cleanup actions run in reverse order of registration, once. `run(fn)` executes fn and always cleans up;
 * SIGINT/SIGTERM/SIGHUP during the run clean up too, then exit.
 */
export function createCleanup() {
  const actions = [];
  let running;
  const cleanup = () => {
    running ??= (async () => {
      for (const action of actions.reverse()) {
        try {
          await action.fn();
        } catch (err) {
          console.error(
            `[bench] cleanup of ${action.what} failed: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      }
    })();
    return running;
  };
  return {
    add(what, fn) {
      actions.push({ what, fn });
    },
    cleanup,
    async run(fn) {
      const removeHandlers = installShutdownHandlers(cleanup, { log });
      try {
        return await fn();
      } finally {
        await cleanup();
        removeHandlers();
      }
    },
  };
}

/**
 * The real stack (NATS, PostgreSQL, dev identity provider, directory, agreements, gateway — each a child
 * process) with a fresh database in a temporary folder, on its own secured nats-server. Reuses DATABASE_URL when set. `options`
 * adds StackOptions (e.g. seedDemoData, subjectPrefix, eventsStream); `isolate` gives the stack its own
 * subject prefix and events stream (returned as `eventsStream`), so it meets nothing else on a shared NATS.
 * With an `eventsStream`, every stream whose name starts with it is deleted at cleanup.
 */
export async function startBenchStack(cleanup, { root, env = {}, options = {}, isolate = false } = {}) {
  if (isolate) {
    options = {
      ...options,
      subjectPrefix: `${uniqueName('bench')}.`,
      eventsStream: uniqueName('yiti_events_bench'),
    };
  }
  const scratch = mkdtempSync(join(tmpdir(), 'yiti-bench-'));
  cleanup.add('temporary folder', () => rmSync(scratch, { recursive: true, force: true }));
  const stack = await startStack({
    root,
    dataDir: join(scratch, 'data'),
    signingKeyFile: join(scratch, 'signing-key.pem'),
    output: 'capture',
    nodeEnv: 'test',
    env,
    log,
    ...(process.env.DATABASE_URL ? { postgresUrl: process.env.DATABASE_URL } : {}),
    ...options,
  });
  cleanup.add('stack', () => stack.stop());
  return { stack, scratch, eventsStream: options.eventsStream };
}

/** A pg client connected to the stack's database (application_name bench); closed by cleanup. */
export async function connectDatabase(cleanup, stack) {
  const db = new pg.Client({ connectionString: stack.databaseUrl, application_name: 'bench' });
  await db.connect();
  cleanup.add('database connection', () => db.end());
  return db;
}

/** The gateway must offer the API: its emitted schema lists every operation the code defines. */
export function assertGatewayHas(root, operations) {
  const text = readFileSync(join(root, 'apps/gateway/schema.gql'), 'utf8');
  const missing = operations.filter((op) => !new RegExp(`\\b${op}\\s*\\(`).test(text));
  if (missing.length > 0) {
    throw new Error(`apps/gateway/schema.gql has no ${missing.join(', ')}: the gateway cannot answer them`);
  }
}

/** Starts a helper Node script that prints {"msg":"ready",…}; stopped by cleanup. */
export async function startHelper(cleanup, { name, script, env, cwd }) {
  const proc = await startProcess({
    name,
    args: ['--enable-source-maps', script],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    cwd,
    output: 'capture',
  });
  cleanup.add(name, () => proc.stop());
  return proc;
}

/** A token from the identity provider (password grant with the portal client). */
export async function login(idpUrl, username, password = 'yiti-demo') {
  const res = await fetch(`${idpUrl}/realms/yiti/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'yiti-portal', username, password }),
  });
  const body = await res.json().catch(() => ({}));
  if (!body.access_token)
    throw new Error(`login of ${username} failed: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** One GraphQL request (with optional variables), parsed (for checking a setup before measuring it). */
export async function graphql(url, query, token, variables) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${url} answered HTTP ${res.status} with non-JSON: ${text.slice(0, 200)}`);
  }
  if (res.status !== 200 || body.errors) {
    throw new Error(`${url} answered HTTP ${res.status}: ${text.slice(0, 500)}`);
  }
  return body.data;
}
