export * from './data-source.js';
export * from './persistence.module.js';
export * from './idempotency.js';
export * from './periodic-job.js';
export * from './page-cursor.js';
export * from './sql-state.js';
export * from './attachments/attachment-store.js';
