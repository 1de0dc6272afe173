import { DataSource, type EntitySchema, type Logger as TypeOrmLogger, type MixedList } from 'typeorm';
import { databaseMigrationUrl, type DatabaseServiceConfig } from '@yiti/config';
import type { JsonLogger } from '@yiti/logging';

export interface ServiceDataSourceOptions {
  /** The service that owns the schema; also the PostgreSQL `application_name`. */
  service: string;
  /** The runtime role (DATABASE_URL): the data source the service runs on. */
  url: string;
  /** The schema's owner role (DATABASE_MIGRATION_URL), which runs the migrations; default `url`. */
  migrationUrl?: string;
  /** Production refuses a superuser runtime login; elsewhere it is logged as a warning. */
  production?: boolean;
  /** The PostgreSQL schema this service owns. It never touches another service's schema. */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  poolSize: number;
  logger: JsonLogger;
  /**
   * Run every runtime connection as this role (PostgreSQL startup option `-c role=…`, the login role must be a
   * member), e.g. a role that may only insert into an audit log. Migrations do not take it.
   */
  role?: string;
  /** Runs as the owner after the migrations, before the runtime data source opens (re-keying, demo data). */
  afterMigrations?: (owner: DataSource) => Promise<void>;
  /** Settings every connection starts with (`-c name=value`), e.g. `{ 'pg_trgm.similarity_threshold': '0.45' }`. */
  settings?: Record<string, string>;
}

const SETTING_NAME = /^[a-z_][a-z0-9_.]{0,62}$/;
const SETTING_VALUE = /^[A-Za-z0-9_.-]{1,64}$/;

/** The libpq startup `options` for a role and settings (names and values checked: no spaces, no quoting). */
function startupOptions(options: ServiceDataSourceOptions): string | undefined {
  const parts = Object.entries({ ...(options.role ? { role: options.role } : {}), ...options.settings });
  for (const [name, value] of parts) {
    if (!SETTING_NAME.test(name) || !SETTING_VALUE.test(value)) {
      throw new Error(`invalid connection setting "${name}"`);
    }
  }
  return parts.length > 0 ? parts.map(([name, value]) => `-c ${name}=${value}`).join(' ') : undefined;
}

const SCHEMA = /^[a-z][a-z0-9_]{0,62}$/;

class JsonTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly logger: JsonLogger) {}
  logQuery(): void {}
  logQueryError(error: string | Error, query: string): void {
    this.logger.event('error', 'query failed', { error: String(error), query: query.slice(0, 500) });
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.event('warn', 'slow query', { ms: time, query: query.slice(0, 500) });
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.event('info', message, { component: 'migrations' });
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.logger.event(level === 'warn' ? 'warn' : 'debug', String(message), { component: 'typeorm' });
  }
}

/** The database part of a service's options, from its configuration. */
export function databaseOptionsOf(
  config: DatabaseServiceConfig,
): Pick<ServiceDataSourceOptions, 'url' | 'migrationUrl' | 'poolSize' | 'production'> {
  return {
    url: config.DATABASE_URL,
    migrationUrl: databaseMigrationUrl(config),
    poolSize: config.DATABASE_POOL_SIZE,
    production: config.NODE_ENV === 'production',
  };
}

function newDataSource(
  options: ServiceDataSourceOptions,
  url: string,
  poolSize: number,
  startup: string | undefined,
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    applicationName: options.service,
    poolSize,
    maxQueryExecutionTime: 1000,
    logger: new JsonTypeOrmLogger(options.logger),
    logging: ['error', 'warn', 'migration'],
    ...(startup ? { extra: { options: startup } } : {}),
  });
}

/**
 * Opens the TypeORM data source of one service: first, as the schema's owner (`migrationUrl`), the pending
 * migrations under an advisory lock (so two instances starting together do not race) and `afterMigrations`;
 * then the runtime data source on `url`, whose login role must not be a superuser (checked: production refuses
 * to start, elsewhere it is a warning). `synchronize` off, no extension installs (UUIDs come from PostgreSQL's
 * built-in gen_random_uuid(); extensions are the admin's, docs/security.md).
 */
export async function openServiceDataSource(options: ServiceDataSourceOptions): Promise<DataSource> {
  if (!SCHEMA.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  if (options.role !== undefined && !SCHEMA.test(options.role))
    throw new Error(`invalid role name "${options.role}"`);
  const startup = startupOptions(options);
  // Two connections: one holds the advisory lock while TypeORM runs the migrations on the other.
  const owner = newDataSource(options, options.migrationUrl ?? options.url, 2, undefined);
  await owner.initialize();
  try {
    await runMigrationsLocked(owner, options.schema);
    await options.afterMigrations?.(owner);
  } finally {
    await owner.destroy();
  }
  const dataSource = newDataSource(options, options.url, options.poolSize, startup);
  await dataSource.initialize();
  try {
    await checkRuntimeRole(dataSource, options);
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  return dataSource;
}

/**
 * The runtime login role (and the role it runs as) must not be a superuser: a superuser passes every grant and
 * trigger, so a flaw in the service would reach every schema. Production refuses to start; elsewhere a warning.
 */
async function checkRuntimeRole(dataSource: DataSource, options: ServiceDataSourceOptions): Promise<void> {
  const rows: Array<{ rolname: string }> = await dataSource.query(
    `SELECT rolname FROM pg_roles WHERE rolname IN (session_user, current_user) AND rolsuper ORDER BY rolname`,
  );
  const superuser = rows[0]?.rolname;
  if (superuser === undefined) return;
  const problem = `DATABASE_URL logs in as "${superuser}", a superuser`;
  if (options.production) {
    throw new Error(
      `${problem}: in production the service must run as a role that may only use its own tables (docs/security.md)`,
    );
  }
  options.logger.event('warn', `${problem}; production refuses to start so (docs/security.md)`, {
    component: 'persistence',
  });
}

async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`yiti-migrations:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`yiti-migrations:${schema}`])
      .catch(() => undefined);
    await runner.release();
  }
}
