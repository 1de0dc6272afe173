export {
  createDatabase,
  createServiceRoles,
  databaseEnv,
  databaseUrl,
  dropDatabase,
  serviceRoleNames,
  uniqueName,
  DATABASE_SERVICES,
} from './databases.js';
export type { DatabaseService, ServiceDatabaseUrls } from './databases.js';
export { deleteStreams, ensureNats, probeNats, startSecuredNats, DEFAULT_NATS_URL } from './nats.js';
export {
  ensureBusCredentials,
  makeTestTlsFiles,
  productionAuthorization,
  renderAuthorization,
  PRODUCTION_BUS_LAYOUT,
} from './nats-auth.js';
export type { BusCredential, BusCredentials, NatsTlsFiles } from './nats-auth.js';
export type {
  EnsureNatsOptions,
  NatsHandle,
  NatsNode,
  SecuredNatsHandle,
  SecuredNatsOptions,
} from './nats.js';
export { ensurePostgres, probePostgres, redact, DEFAULT_POSTGRES_URL } from './postgres.js';
export type { EnsurePostgresOptions, PostgresHandle } from './postgres.js';
export { freePort, isPortFree, isPortOpen } from './ports.js';
export { installShutdownHandlers, startProcess, stopAll } from './processes.js';
export type { ManagedProcess, OutputMode, StartProcessOptions } from './processes.js';
export { ensureDebianPackages } from './system.js';
export { DEPLOY_OVERLAYS, realmImport } from './deploy-kit.js';
export type { DeployOverlay } from './deploy-kit.js';
export { sleep, waitFor } from './wait.js';
export type { WaitForOptions } from './wait.js';
export { startStack, STACK_APPS } from './stack.js';
export type { Stack, StackApp, StackOptions } from './stack.js';
export { testTokens } from './token-matrix.js';
export type { TestTokens, TokenCase } from './token-matrix.js';
export { REPO_ROOT, startTestStack } from './test-stack.js';
export type { GraphQLResult, TestStack } from './test-stack.js';
export { collectRpcHandlers, InProcessRpcCaller, principalOfVerifiedToken } from './in-process-rpc.js';
export { rejectsWithCode } from './assertions.js';
