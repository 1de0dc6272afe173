export * from './directory-client.js';
