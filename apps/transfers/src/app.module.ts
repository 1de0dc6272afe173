import { Module, type DynamicModule } from '@nestjs/common';
import { Clock, createServiceCalendar, WorkingDayCalendar } from '@yiti/calendar';
import { EventRelayModule, eventStreamOf } from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { NatsModule } from '@yiti/messaging';
import { databaseOptionsOf, PersistenceModule } from '@yiti/persistence';
import { CreateTransfersSchema1763900000000 } from './migrations/1763900000000-create-transfers-schema.js';
import { TimelineCodesAsEnumNames1764810000000 } from './migrations/1764810000000-timeline-codes-as-enum-names.js';
import { AddDeadlineProvisional1765000000000 } from './migrations/1765000000000-add-deadline-provisional.js';
import { EVENTS_STREAM } from './transfers/consultation-outcomes.js';
import { CONSULTATION_DAYS } from './transfers/deadlines.js';
import { SEED_DEMO_DATA } from './transfers/demo-seed.js';
import { DEFAULT_DEADLINES } from './transfers/legal-basis.js';
import { DIRECTORY_CACHE_SECONDS } from './transfers/routing.js';
import { EVENT_SUBJECT_PREFIX } from './transfers/transfer-events.js';
import { Transfer } from './transfers/transfer.entity.js';
import { TransferStep } from './transfers/transfer-step.entity.js';
import { TransfersModule } from './transfers/transfers.module.js';
import { SCHEDULE_SECONDS } from './transfers/transfers.scheduler.js';
import { TRANSFERS_SCHEMA, TransfersConfig } from './transfers.config.js';

export const TRANSFERS_ENTITIES = [Transfer, TransferStep];
export const TRANSFERS_MIGRATIONS = [
  CreateTransfersSchema1763900000000,
  TimelineCodesAsEnumNames1764810000000,
  AddDeadlineProvisional1765000000000,
];

@Module({})
export class AppModule {
  static forRoot(config: TransfersConfig, logger: JsonLogger): DynamicModule {
    const clock = new Clock(config.TEST_CLOCK_START ? new Date(config.TEST_CLOCK_START) : undefined);
    const calendar = createServiceCalendar({
      regionalHolidaysFile: config.REGIONAL_HOLIDAYS_FILE,
      nationalHolidaysFile: config.NATIONAL_HOLIDAYS_FILE,
      now: clock.now(),
      warn: (message, fields) => logger.event('warn', message, fields),
    });
    const values = {
      [EVENT_SUBJECT_PREFIX]: config.NATS_SUBJECT_PREFIX,
      [EVENTS_STREAM]: eventStreamOf(config),
      [SCHEDULE_SECONDS]: config.TRANSFERS_SCHEDULE_SECONDS,
      [SEED_DEMO_DATA]: config.SEED_DEMO_DATA,
      [CONSULTATION_DAYS]: config.CONSULTATION_DAYS,
      [DIRECTORY_CACHE_SECONDS]: config.DIRECTORY_CACHE_SECONDS,
      [DEFAULT_DEADLINES]: {
        acknowledgeDays: config.DEFAULT_ACKNOWLEDGE_DAYS,
        decideDays: config.DEFAULT_DECIDE_DAYS,
      },
    };
    const valueProviders = Object.entries(values).map(([provide, useValue]) => ({ provide, useValue }));
    return {
      module: AppModule,
      global: true,
      imports: [
        PersistenceModule.forRoot({
          service: 'transfers',
          ...databaseOptionsOf(config),
          schema: TRANSFERS_SCHEMA,
          entities: TRANSFERS_ENTITIES,
          migrations: TRANSFERS_MIGRATIONS,
          logger,
        }),
        NatsModule.forRoot(config, 'transfers'),
        EventRelayModule.forRoot({
          schema: TRANSFERS_SCHEMA,
          stream: eventStreamOf(config),
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          databaseUrl: config.DATABASE_URL,
        }),
        TransfersModule,
      ],
      providers: [
        { provide: TransfersConfig, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: WorkingDayCalendar, useValue: calendar },
        { provide: Clock, useValue: clock },
        ...valueProviders,
      ],
      exports: [TransfersConfig, JsonLogger, WorkingDayCalendar, Clock, ...Object.keys(values)],
    };
  }
}
