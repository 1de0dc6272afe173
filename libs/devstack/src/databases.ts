import pg from 'pg';

const NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

function assertName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new Error(
      `Invalid database name '${name}': expected ${NAME_PATTERN} (lowercase, digits, underscore)`,
    );
  }
}

/** `adminUrl` with its database replaced by `name` (same host, port, credentials and query parameters). */
export function databaseUrl(adminUrl: string, name: string): string {
  assertName(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * (Re)creates database `name` — dropped first if it exists — with UTF-8 encoding and the C.UTF-8 locale
 * (under ctype C, pg_trgm extracts no trigrams from Chinese text). Returns its URL.
 */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  assertName(name);
  await withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(
      `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
  });
  return databaseUrl(adminUrl, name);
}

/** Drops database `name` if it exists, terminating its connections. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertName(name);
  await withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/**
 * A unique name valid both as a PostgreSQL database name and a JetStream stream name, e.g.
 * `uniqueName('yiti_test')` → `yiti_test_mbc3k2x1_4f9a2q`. The prefix is lower-cased and characters other
 * than [a-z0-9_] become `_`.
 */
export function uniqueName(prefix: string): string {
  let clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!/^[a-z_]/.test(clean)) clean = `_${clean}`;
  const random = Math.random().toString(36).slice(2, 8).padEnd(6, '0');
  const suffix = `_${Date.now().toString(36)}_${random}`;
  return clean.slice(0, 63 - suffix.length) + suffix;
}
