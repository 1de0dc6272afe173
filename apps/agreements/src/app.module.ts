import { Module, type DynamicModule } from '@nestjs/common';
import { EventRelayModule, eventStreamOf } from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { NatsModule } from '@yiti/messaging';
import { databaseOptionsOf, PersistenceModule } from '@yiti/persistence';
import { AGREEMENTS_SCHEMA, AgreementsConfig } from './agreements.config.js';
import { Agreement } from './agreements/agreement.entity.js';
import { AgreementVersion } from './agreements/agreement-version.entity.js';
import { EVENT_SUBJECT_PREFIX } from './agreements/agreement-events.js';
import { AgreementsModule } from './agreements/agreements.module.js';
import { SCHEDULE_SECONDS } from './agreements/agreements.scheduler.js';
import { SEED_DEMO_DATA } from './agreements/demo-seed.js';
import { Signature } from './agreements/signature.entity.js';
import { CreateAgreementsSchema1763790000000 } from './migrations/1763790000000-create-agreements-schema.js';
import { AddIdempotencyKeys1763790000001 } from './migrations/1763790000001-add-idempotency-keys.js';

export const AGREEMENTS_ENTITIES = [Agreement, AgreementVersion, Signature];
export const AGREEMENTS_MIGRATIONS = [CreateAgreementsSchema1763790000000, AddIdempotencyKeys1763790000001];

@Module({})
export class AppModule {
  static forRoot(config: AgreementsConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        PersistenceModule.forRoot({
          service: 'agreements',
          ...databaseOptionsOf(config),
          schema: AGREEMENTS_SCHEMA,
          entities: AGREEMENTS_ENTITIES,
          migrations: AGREEMENTS_MIGRATIONS,
          logger,
        }),
        NatsModule.forRoot(config, 'agreements'),
        EventRelayModule.forRoot({
          schema: AGREEMENTS_SCHEMA,
          stream: eventStreamOf(config),
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          databaseUrl: config.DATABASE_URL,
        }),
        AgreementsModule,
      ],
      providers: [
        { provide: AgreementsConfig, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: EVENT_SUBJECT_PREFIX, useValue: config.NATS_SUBJECT_PREFIX },
        { provide: SCHEDULE_SECONDS, useValue: config.AGREEMENTS_SCHEDULE_SECONDS },
        { provide: SEED_DEMO_DATA, useValue: config.SEED_DEMO_DATA },
      ],
      exports: [AgreementsConfig, JsonLogger, EVENT_SUBJECT_PREFIX, SCHEDULE_SECONDS, SEED_DEMO_DATA],
    };
  }
}
