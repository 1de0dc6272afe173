import { Module, type DynamicModule } from '@nestjs/common';
import { createServiceCalendar, WorkingDayCalendar } from '@yiti/calendar';
import { EventRelayModule, eventStreamOf } from '@yiti/events';
import { JsonLogger } from '@yiti/logging';
import { NatsModule } from '@yiti/messaging';
import { databaseOptionsOf, PersistenceModule } from '@yiti/persistence';
import { DueRecompute } from './calendar/due-recompute.js';
import { CONSULTATIONS_ENTITIES, CONSULTATIONS_MIGRATIONS } from './consultations/consultations.module.js';
import { ConsultationsModule } from './consultations/consultations.module.js';
import {
  MEETINGS_ENTITIES as MEETING_ENTITIES,
  MEETINGS_FEATURE_MIGRATIONS,
} from './meetings/meetings.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { CreateMeetingsSchema1764000000000 } from './migrations/1764000000000-create-meetings-schema.js';
import { AddDueProvisional1765000000000 } from './migrations/1765000000000-add-due-provisional.js';
import { MEETINGS_SCHEMA, MeetingsConfig } from './meetings.config.js';
import {
  DIRECTORY_CACHE_SECONDS,
  EVENT_SUBJECT_PREFIX,
  EVENTS_STREAM,
  MEETINGS_SITE,
  SCHEDULE_SECONDS,
  SEED_DEMO_DATA,
} from './tokens.js';

export const MEETINGS_ENTITIES = [...MEETING_ENTITIES, ...CONSULTATIONS_ENTITIES];
export const MEETINGS_MIGRATIONS = [
  CreateMeetingsSchema1764000000000,
  ...MEETINGS_FEATURE_MIGRATIONS,
  ...CONSULTATIONS_MIGRATIONS,
  AddDueProvisional1765000000000,
];

@Module({})
export class AppModule {
  static forRoot(config: MeetingsConfig, logger: JsonLogger): DynamicModule {
    const calendar = createServiceCalendar({
      regionalHolidaysFile: config.REGIONAL_HOLIDAYS_FILE,
      nationalHolidaysFile: config.NATIONAL_HOLIDAYS_FILE,
      now: new Date(),
      warn: (message, fields) => logger.event('warn', message, fields),
    });
    const values = {
      [EVENT_SUBJECT_PREFIX]: config.NATS_SUBJECT_PREFIX,
      [EVENTS_STREAM]: eventStreamOf(config),
      [SCHEDULE_SECONDS]: config.MEETINGS_SCHEDULE_SECONDS,
      [SEED_DEMO_DATA]: config.SEED_DEMO_DATA,
      [DIRECTORY_CACHE_SECONDS]: config.DIRECTORY_CACHE_SECONDS,
      [MEETINGS_SITE]: config.MEETINGS_SITE,
    };
    const valueProviders = Object.entries(values).map(([provide, useValue]) => ({ provide, useValue }));
    return {
      module: AppModule,
      global: true,
      imports: [
        PersistenceModule.forRoot({
          service: 'meetings',
          ...databaseOptionsOf(config),
          schema: MEETINGS_SCHEMA,
          entities: MEETINGS_ENTITIES,
          migrations: MEETINGS_MIGRATIONS,
          logger,
        }),
        NatsModule.forRoot(config, 'meetings'),
        EventRelayModule.forRoot({
          schema: MEETINGS_SCHEMA,
          stream: eventStreamOf(config),
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          databaseUrl: config.DATABASE_URL,
        }),
        MeetingsModule,
        ConsultationsModule,
      ],
      providers: [
        { provide: MeetingsConfig, useValue: config },
        { provide: JsonLogger, useValue: logger },
        { provide: WorkingDayCalendar, useValue: calendar },
        DueRecompute,
        ...valueProviders,
      ],
      exports: [MeetingsConfig, JsonLogger, WorkingDayCalendar, ...Object.keys(values)],
    };
  }
}
