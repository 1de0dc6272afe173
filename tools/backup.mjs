#!/usr/bin/env node
// Back up and restore ONE service's schema (docs/deploy.md, "Back up and restore"):
//   npm run db:backup -- --service transfers --out FILE [--database-url postgres://…]
//   npm run db:restore -- --service transfers --in FILE [--database-url postgres://…] [--replace]
// The schema is named after the service (each service owns its schema, in its own database in production).
// A backup is pg_dump's custom format of that schema (tables, data, sequences, owners, grants, default
// privileges), taken from one snapshot whose row counts are printed. A restore refuses to overwrite: the target
// schema must be missing or empty, or `--replace` given — and even then not while the service is connected.
// It runs in ONE transaction (drop the old schema, create the backup's): it takes effect completely or not at all.
// The URL (default DATABASE_MIGRATION_URL, else DATABASE_URL) should log in as the schema's owner role.
// Needs pg_dump, pg_restore and psql (Debian: `apt-get install postgresql-client`), at least the server's version.
// Exit code: 0 done, 1 refused or failed (the message says why), 2 bad arguments or missing tools.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const SERVICES = ['directory', 'agreements', 'transfers', 'meetings', 'records'];
const command = process.argv[2];
const name = `db:${command ?? '?'}`;
const usage =
  'usage: node tools/backup.mjs backup --service NAME --out FILE [--database-url URL]\n' +
  '       node tools/backup.mjs restore --service NAME --in FILE [--database-url URL] [--replace]';

function fail(message, code = 1) {
  console.error(`${name}: ${message}`);
  process.exit(code);
}

let values;
try {
  ({ values } = parseArgs({
    args: process.argv.slice(3),
    options: {
      service: { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
      'database-url': { type: 'string' },
      replace: { type: 'boolean' },
    },
  }));
} catch (err) {
  fail(`${err.message}\n${usage}`, 2);
}
if (command !== 'backup' && command !== 'restore') fail(usage, 2);
const service = values.service;
if (!SERVICES.includes(service)) fail(`--service must be one of ${SERVICES.join(', ')}`, 2);
const schema = service;
const url = values['database-url'] ?? process.env.DATABASE_MIGRATION_URL ?? process.env.DATABASE_URL;
if (!url) fail('no database: pass --database-url (the owner role of the service schema)', 2);
const shownUrl = url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
let database;
try {
  database = decodeURIComponent(new URL(url).pathname.slice(1));
} catch {
  fail('--database-url is not a URL', 2);
}

/** The client tool `name`, at least the server's major version; a message naming the package otherwise. */
function clientTool(tool, serverMajor) {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    fail(
      `${tool} is not installed: install PostgreSQL's client tools (Debian/Ubuntu: ` +
        '`sudo apt-get install postgresql-client`; it provides pg_dump, pg_restore and psql)',
      2,
    );
  }
  const major = Number(/\s(\d+)(\.\d+)*/.exec(r.stdout)?.[1]);
  if (serverMajor !== undefined && major < serverMajor) {
    fail(
      `${tool} ${major} is older than the server (PostgreSQL ${serverMajor}), which it cannot dump or restore ` +
        `reliably: install postgresql-client-${serverMajor} (PostgreSQL's apt repository, apt.postgresql.org)`,
      2,
    );
  }
  return tool;
}

async function connect() {
  const client = new pg.Client({
    connectionString: url,
    application_name: `yiti-${command}`,
    connectionTimeoutMillis: 5000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    fail(`cannot connect to ${shownUrl}: ${err.message}`);
  }
  return client;
}

async function serverMajor(client) {
  const { rows } = await client.query(`SELECT current_setting('server_version_num')::int / 10000 AS major`);
  return Number(rows[0].major);
}

/** Rows per table of the schema, as `client` sees them (in its transaction's snapshot). */
async function rowCounts(client) {
  const { rows } = await client.query(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    [schema],
  );
  const counts = {};
  for (const { relname } of rows) {
    const r = await client.query(
      `SELECT count(*)::int AS n FROM "${schema}"."${relname.replace(/"/g, '""')}"`,
    );
    counts[relname] = r.rows[0].n;
  }
  return counts;
}

function printCounts(verb, counts) {
  const tables = Object.keys(counts);
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`${verb} schema ${schema}: ${tables.length} tables, ${rows} rows`);
  for (const table of tables) console.log(`  ${schema}.${table}: ${counts[table]}`);
}

/** Runs `tool` with the password kept out of the command line (PGPASSWORD); resolves with its stdout. */
function run(tool, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...libpqEnv() },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${tool} failed (exit ${code}): ${stderr.trim() || stdout.trim()}`));
    });
  });
}

/** The URL without its password (handed to libpq through PGPASSWORD instead). */
function libpqUrl() {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}
function libpqEnv() {
  const password = decodeURIComponent(new URL(url).password);
  return password ? { PGPASSWORD: password } : {};
}

async function backup() {
  const out = values.out;
  if (!out) fail('--out FILE is required', 2);
  const client = await connect();
  const major = await serverMajor(client);
  const pgDump = clientTool('pg_dump', major);
  const pgRestore = clientTool('pg_restore', major);
  const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (!rowCount) fail(`database ${database} has no schema ${schema}`);
  // One snapshot for the dump and the counts printed with it: they describe exactly what the file holds.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const { rows } = await client.query('SELECT pg_export_snapshot() AS snapshot');
  const counts = await rowCounts(client);
  try {
    await run(pgDump, [
      '--format=custom',
      `--schema=${schema}`,
      `--snapshot=${rows[0].snapshot}`,
      `--file=${out}`,
      `--dbname=${libpqUrl()}`,
    ]);
  } catch (err) {
    fail(err.message);
  } finally {
    await client.query('COMMIT').catch(() => undefined);
    await client.end();
  }
  const listing = await run(pgRestore, ['--list', out]);
  const dataEntries = listing.split('\n').filter((l) => / TABLE DATA /.test(l)).length;
  printCounts(`backed up (${dataEntries} table data entries, ${statSync(out).size} bytes to ${out})`, counts);
}

async function restore() {
  const file = values.in;
  if (!file) fail('--in FILE is required', 2);
  if (!existsSync(file)) fail(`${file} does not exist`, 2);
  const client = await connect();
  const major = await serverMajor(client);
  const pgRestore = clientTool('pg_restore', major);
  const psql = clientTool('psql', major);
  try {
    const listing = await run(pgRestore, ['--list', file]);
    if (!new RegExp(`^\\d+; \\d+ \\d+ SCHEMA - ${schema} `, 'm').test(listing)) {
      fail(`${file} is not a backup of schema ${schema}`);
    }
  } catch (err) {
    fail(`${file} is not a pg_dump custom-format archive: ${err.message}`);
  }
  const { rows: objects } = await client.query(
    `SELECT (SELECT count(*)::int FROM pg_class WHERE relnamespace = n.oid) +
            (SELECT count(*)::int FROM pg_proc WHERE pronamespace = n.oid) +
            (SELECT count(*)::int FROM pg_type WHERE typnamespace = n.oid AND typrelid = 0 AND typelem = 0) AS n
       FROM pg_namespace n WHERE n.nspname = $1`,
    [schema],
  );
  const existing = objects[0]?.n ?? 0;
  if (existing > 0 && !values.replace) {
    fail(
      `schema ${schema} in database ${database} is not empty (${existing} tables, sequences, indexes, types or ` +
        'functions): refusing to overwrite it. Stop the service and pass --replace to replace it with the ' +
        'backup, or restore into an empty database.',
    );
  }
  // Replacing the schema under a running service would mix its writes with the backup's.
  const { rows: sessions } = await client.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND (application_name = $1 OR application_name LIKE $1 || '-%')`,
    [service],
  );
  if (sessions[0].n > 0) {
    fail(
      `the ${service} service is connected to database ${database} (${sessions[0].n} sessions): stop every ` +
        'instance first (kubectl scale deployment --replicas=0), then restore',
    );
  }
  // One transaction: the old schema is dropped (CASCADE only with --replace; an empty one otherwise, and
  // RESTRICT fails should something have been created in it meanwhile) and the backup's is created.
  const drop = `DROP SCHEMA IF EXISTS "${schema}" ${values.replace ? 'CASCADE' : 'RESTRICT'};`;
  // The SQL goes to a private file first: psql fed a truncated stream would commit what it got.
  const scratch = mkdtempSync(join(tmpdir(), 'yiti-restore-'));
  const sqlFile = join(scratch, 'restore.sql');
  try {
    await run(pgRestore, [`--file=${sqlFile}`, file]);
    await run(psql, [
      '--no-psqlrc',
      '--quiet',
      '--single-transaction',
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      drop,
      '-f',
      sqlFile,
      libpqUrl(),
    ]);
  } catch (err) {
    fail(`the restore failed and was rolled back (schema ${schema} is unchanged): ${err.message}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const counts = await rowCounts(client);
  const pending = counts.outbox
    ? (await client.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`))
        .rows[0].n
    : 0;
  await client.query('COMMIT');
  await client.end();
  printCounts(
    `restored (${values.replace ? 'replaced' : 'into an empty schema'}, database ${database})`,
    counts,
  );
  console.log(
    `outbox: ${pending} events marked unpublished; the service's relay publishes them when it starts ` +
      '(JetStream drops those it already holds within its 2-minute duplicate window, consumer inboxes beyond it).',
  );
  // Its durable consumers (BUS_CONSUMERS in @yiti/contracts, built by `npm run build`) have acked what it
  // consumed after the backup: recreated, they replay the stream and the restored inbox skips what it had handled.
  const durables = await import('@yiti/contracts')
    .then(({ BUS_CONSUMERS }) =>
      Object.values(BUS_CONSUMERS)
        .filter((c) => c.identity === service)
        .map((c) => c.durableName),
    )
    .catch(() => undefined);
  console.log(`Lost: every write to ${schema} after the backup.`);
  if (durables === undefined) {
    console.log(
      `Before starting ${service}, delete its durable consumers of the event stream (BUS_CONSUMERS in ` +
        'libs/contracts) as the operator, so that it replays the events it consumed after the backup.',
    );
  } else if (durables.length > 0) {
    console.log(
      `Before starting ${service}, delete its durable consumers of the event stream as the operator, so that it ` +
        `replays the events it consumed after the backup: ${durables.map((d) => `nats consumer rm YITI_EVENTS ${d}`).join('; ')}`,
    );
  }
}

await (command === 'backup' ? backup() : restore());
