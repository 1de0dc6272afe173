export * from './synthetic.js';
export * from './bulk-load.js';
export * from './rekey.js';
