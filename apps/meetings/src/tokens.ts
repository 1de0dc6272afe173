/** Injection tokens of configuration values the features read (provided by AppModule from MeetingsConfig). */
export const EVENT_SUBJECT_PREFIX = 'EVENT_SUBJECT_PREFIX';
export const EVENTS_STREAM = 'EVENTS_STREAM';
export const SCHEDULE_SECONDS = 'MEETINGS_SCHEDULE_SECONDS';
export const SEED_DEMO_DATA = 'SEED_DEMO_DATA';
export const DIRECTORY_CACHE_SECONDS = 'DIRECTORY_CACHE_SECONDS';
export const MEETINGS_SITE = 'MEETINGS_SITE';
