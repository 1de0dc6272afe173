export * from './minutes-format.js';
