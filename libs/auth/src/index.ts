export * from './roles.js';
export * from './token-verifier.js';
