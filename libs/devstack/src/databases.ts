import { randomBytes } from 'node:crypto';
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

/** Drops database `name` if it exists, terminating its connections, and the roles createServiceRoles made for it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertName(name);
  await withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await dropServiceRoles(client, name);
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

/** The services that own a PostgreSQL schema (named after the service). */
export const DATABASE_SERVICES = ['directory', 'agreements', 'transfers', 'meetings', 'records'] as const;
export type DatabaseService = (typeof DATABASE_SERVICES)[number];

/** The two URLs a service gets: `url` (DATABASE_URL, its runtime role) and `migrationUrl` (its owner role). */
export interface ServiceDatabaseUrls {
  url: string;
  migrationUrl: string;
}

/** The role names of `service` in database `database`: `<database>_<service>` and `<database>_<service>_owner`. */
export function serviceRoleNames(
  database: string,
  service: DatabaseService,
): { runtime: string; owner: string } {
  assertName(database);
  const runtime = `${database}_${service}`;
  const owner = `${runtime}_owner`;
  if (owner.length > 63) throw new Error(`database name '${database}' is too long for its role names`);
  return { runtime, owner };
}

/**
 * The runtime role of records gets its privileges only through `records_writer` (the records migrations grant
 * it SELECT on the records, INSERT + SELECT on the audit log, the outbox), never the schema-wide grants.
 */
const RECORDS_WRITER = 'records_writer';

/** Extensions the migrations use, created by the admin before they run (the owner roles may not). */
const EXTENSIONS = ['pg_trgm'];

function roleUrl(adminUrl: string, database: string, role: string, password: string): string {
  const url = new URL(databaseUrl(adminUrl, database));
  url.username = role;
  url.password = password;
  return url.toString();
}

/** A LOGIN role with this password: created, or its password reset when it exists (npm start keeps its database). */
async function ensureLoginRole(client: pg.Client, role: string, password: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const verb = rowCount ? 'ALTER' : 'CREATE';
  await client.query(
    `${verb} ROLE "${role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`,
  );
}

/**
 * Hands every object of `schema` that another role owns (a database made before the owner roles, when
 * everything ran as the superuser) to `owner`. Sequences owned by a column follow their table.
 */
const HAND_OVER_SQL = (schema: string, owner: string) => `
  DO $$
  DECLARE r record;
  BEGIN
    FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
              WHERE c.relnamespace = '"${schema}"'::regnamespace AND c.relowner <> '"${owner}"'::regrole
                AND (c.relkind IN ('r', 'p', 'v', 'm', 'f')
                     OR (c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))))
    LOOP
      EXECUTE format('ALTER %s %s OWNER TO %I', CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
        WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name, '${owner}');
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
              WHERE p.pronamespace = '"${schema}"'::regnamespace AND p.proowner <> '"${owner}"'::regrole
    LOOP
      EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.name, '${owner}');
    END LOOP;
  END
  $$`;

/**
 * Creates, with the admin URL, each service's two roles in database `database` (names from serviceRoleNames,
 * so parallel test databases never share one; fresh random passwords on every call) and returns their URLs:
 *
 * - the owner `<db>_<service>_owner` owns schema `<service>` and migrates it (it also has CREATE on the
 *   database: PostgreSQL checks that before it skips the migrations' `CREATE SCHEMA IF NOT EXISTS`);
 * - the runtime role `<db>_<service>` has USAGE on that schema and SELECT/INSERT/UPDATE/DELETE on its tables
 *   and USAGE/SELECT on its sequences (default privileges of the owner, so tables migrations add later too),
 *   nothing else; records' runtime role is only a member of `records_writer`.
 *
 * PUBLIC loses CONNECT and TEMP on the database, the extensions the migrations use are created, and objects
 * of a schema another role owns are handed to its owner. dropDatabase() drops the roles.
 */
export async function createServiceRoles(
  adminUrl: string,
  database: string,
): Promise<Record<DatabaseService, ServiceDatabaseUrls>> {
  const urls = {} as Record<DatabaseService, ServiceDatabaseUrls>;
  await withAdmin(adminUrl, async (client) => {
    await client.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${RECORDS_WRITER}') THEN
          CREATE ROLE "${RECORDS_WRITER}" NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- created concurrently for another database
      END
      $$`);
    await client.query(`REVOKE ALL ON DATABASE "${database}" FROM PUBLIC`);
    for (const service of DATABASE_SERVICES) {
      const { runtime, owner } = serviceRoleNames(database, service);
      const passwords = {
        runtime: randomBytes(18).toString('base64url'),
        owner: randomBytes(18).toString('base64url'),
      };
      await ensureLoginRole(client, owner, passwords.owner);
      await ensureLoginRole(client, runtime, passwords.runtime);
      await client.query(`GRANT CONNECT, CREATE ON DATABASE "${database}" TO "${owner}"`);
      await client.query(`GRANT CONNECT ON DATABASE "${database}" TO "${runtime}"`);
      if (service === 'records') await client.query(`GRANT "${RECORDS_WRITER}" TO "${runtime}"`);
      urls[service] = {
        url: roleUrl(adminUrl, database, runtime, passwords.runtime),
        migrationUrl: roleUrl(adminUrl, database, owner, passwords.owner),
      };
    }
  });
  await withAdmin(databaseUrl(adminUrl, database), async (client) => {
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    for (const extension of EXTENSIONS) {
      await client.query(`CREATE EXTENSION IF NOT EXISTS ${extension} WITH SCHEMA public`);
    }
    for (const service of DATABASE_SERVICES) {
      const { runtime, owner } = serviceRoleNames(database, service);
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${service}" AUTHORIZATION "${owner}"`);
      await client.query(`ALTER SCHEMA "${service}" OWNER TO "${owner}"`);
      await client.query(HAND_OVER_SQL(service, owner));
      if (service === 'records') continue;
      await client.query(`GRANT USAGE ON SCHEMA "${service}" TO "${runtime}"`);
      await client.query(
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${service}" TO "${runtime}"`,
      );
      await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${service}" TO "${runtime}"`);
      await client.query(
        `ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" IN SCHEMA "${service}"
           GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${runtime}"`,
      );
      await client.query(
        `ALTER DEFAULT PRIVILEGES FOR ROLE "${owner}" IN SCHEMA "${service}"
           GRANT USAGE, SELECT ON SEQUENCES TO "${runtime}"`,
      );
    }
  });
  return urls;
}

/** Drops the roles createServiceRoles made for `database` (after the database itself is gone). */
async function dropServiceRoles(client: pg.Client, database: string): Promise<void> {
  for (const service of DATABASE_SERVICES) {
    const { runtime, owner } = serviceRoleNames(database, service);
    await client.query(`DROP ROLE IF EXISTS "${runtime}"`);
    await client.query(`DROP ROLE IF EXISTS "${owner}"`);
  }
}

/** A service's environment for its two URLs. */
export function databaseEnv(urls: ServiceDatabaseUrls): {
  DATABASE_URL: string;
  DATABASE_MIGRATION_URL: string;
} {
  return { DATABASE_URL: urls.url, DATABASE_MIGRATION_URL: urls.migrationUrl };
}
