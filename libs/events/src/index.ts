export * from './outbox.js';
export * from './relay.js';
export * from './stream.js';
export * from './consumer.js';
export * from './relay.module.js';
export * from './inbox-probe.js';
