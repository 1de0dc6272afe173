import { Module, type DynamicModule } from '@nestjs/common';
import { EventRelayModule, eventStreamOf } from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { NatsModule } from '@yiti/messaging';
import { databaseOptionsOf, openServiceDataSource, PersistenceModule } from '@yiti/persistence';
import { LookupsModule } from './lookups/lookups.module.js';
import { FUZZY_THRESHOLD } from './lookups/record-queries.js';
import { RECORDS_MIGRATIONS } from './migrations/index.js';
import { seedDemoRecords } from './people/demo-seed.js';
import { rekeyAtStart } from './people/rekey-at-start.js';
import { RECORDS_SCHEMA, RecordsConfig } from './records.config.js';
import { EVENT_SUBJECT_PREFIX } from './tokens.js';

/**
 * Migrates, re-keys stored names keyed with an older variant table (people/rekey.ts) and seeds the
 * demonstration data as the schema's owner (DATABASE_MIGRATION_URL), then opens the data source the service
 * runs on: DATABASE_URL's login role (a member of RECORDS_DATABASE_ROLE and nothing more), every connection
 * as RECORDS_DATABASE_ROLE, which may insert into the audit log but not change or delete it, and may only read
 * records.
 */
export async function openRecordsDataSource(config: RecordsConfig, logger: JsonLogger) {
  return openServiceDataSource({
    service: 'records',
    ...databaseOptionsOf(config),
    schema: RECORDS_SCHEMA,
    entities: [],
    migrations: RECORDS_MIGRATIONS,
    logger,
    afterMigrations: async (owner) => {
      await rekeyAtStart(owner, logger);
      if (config.SEED_DEMO_DATA) await seedDemoRecords(owner, logger);
    },
    role: config.RECORDS_DATABASE_ROLE,
    // The trigram search's threshold decides which candidates the GIN index yields: set it, not just filter.
    settings: { 'pg_trgm.similarity_threshold': String(FUZZY_THRESHOLD) },
  });
}

@Module({})
export class AppModule {
  static forRoot(config: RecordsConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        PersistenceModule.forFactory(() => openRecordsDataSource(config, logger)),
        NatsModule.forRoot(config, 'records'),
        EventRelayModule.forRoot({
          schema: RECORDS_SCHEMA,
          stream: eventStreamOf(config),
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          databaseUrl: config.DATABASE_URL,
        }),
        LookupsModule,
      ],
      providers: [
        { provide: RecordsConfig, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: EVENT_SUBJECT_PREFIX, useValue: config.NATS_SUBJECT_PREFIX },
      ],
      exports: [RecordsConfig, JsonLogger, EVENT_SUBJECT_PREFIX],
    };
  }
}
