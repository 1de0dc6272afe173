import { DataSource, type EntitySchema, type Logger as TypeOrmLogger, type MixedList } from 'typeorm';
import type { JsonLogger } from '@yiti/logging';

export interface ServiceDataSourceOptions {
  /** The service that owns the schema; also the PostgreSQL `application_name`. */
  service: string;
  url: string;
  /** The PostgreSQL schema this service owns. It never touches another service's schema. */
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  poolSize: number;
  logger: JsonLogger;
  /**
   * Run every connection as this role (PostgreSQL startup option `-c role=…`), e.g. a role that may only insert
   * into an audit log. Migrations are then not run by this data source: migrate with one opened without a role
   * (the owner) first.
   */
  role?: string;
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

/**
 * Opens the TypeORM data source of one service: its own schema (created if missing), `synchronize` off,
 * no extension installs (UUIDs come from PostgreSQL's built-in gen_random_uuid()), and pending migrations
 * run at start under an advisory lock so two instances starting together do not race.
 */
export async function openServiceDataSource(options: ServiceDataSourceOptions): Promise<DataSource> {
  if (!SCHEMA.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  if (options.role !== undefined && !SCHEMA.test(options.role))
    throw new Error(`invalid role name "${options.role}"`);
  const startup = startupOptions(options);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
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
    poolSize: options.poolSize,
    maxQueryExecutionTime: 1000,
    logger: new JsonTypeOrmLogger(options.logger),
    logging: ['error', 'warn', 'migration'],
    ...(startup ? { extra: { options: startup } } : {}),
  });
  await dataSource.initialize();
  if (options.role) return dataSource;
  try {
    await runMigrationsLocked(dataSource, options.schema);
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
  return dataSource;
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
