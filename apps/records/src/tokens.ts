/** Injection tokens of configuration values the features read (provided by AppModule from RecordsConfig). */
export const EVENT_SUBJECT_PREFIX = 'EVENT_SUBJECT_PREFIX';
