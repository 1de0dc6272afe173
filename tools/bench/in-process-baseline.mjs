// The in-process baseline of the query benchmarks: ONE Nest process with the real gateway (resolvers, guard
// and token validation, GraphQL) and the real controllers/services/repositories of the services named in
// BASELINE_SERVICES (comma-separated names from SERVICES below, e.g. `directory` or `directory,agreements`),
// the gateway's service caller replaced by InProcessRpcCaller — no NATS hop, no protobuf encoding, no second
// token check. Started by tools/bench/directory.mjs, agreements.mjs, transfers.mjs, meetings.mjs and
// records.mjs as a child process.
// Environment: BASELINE_SERVICES, KEYCLOAK_URL, NATS_URL (the gateway and the services still connect),
// DATABASE_URL (schemas already migrated), optional PORT (default: any free port), and each service's own
// settings (see SERVICES: agreements, transfers, meetings and records need a NATS_SUBJECT_PREFIX and
// EVENTS_STREAM that are NOT the stack's, since their modules run their own outbox relays and ensure their own
// stream). A service marked callsInProcess (transfers, meetings, records) calls the other services in-process
// too, so they must be named with it.
// Prints {"msg":"ready","url":"http://127.0.0.1:<port>/graphql"} when listening.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@yiti/config';
import { JsonLogger } from '@yiti/logging';
import { RpcClient } from '@yiti/messaging';
import { collectRpcHandlers, InProcessRpcCaller, principalOfVerifiedToken } from '@yiti/devstack';

const root = new URL('../../', import.meta.url);
const load = (path) => import(new URL(path, root).href);

/**
 * What each service contributes, in start order: its app module (`AppModule.forRoot(config, logger)`), its
 * configuration class, the controllers whose @RpcHandler methods the gateway calls, defaults for its own
 * settings and the settings the caller must give.
 */
const SERVICES = {
  directory: {
    appModule: 'apps/directory/dist/src/app.module.js',
    config: ['apps/directory/dist/src/directory.config.js', 'DirectoryConfig'],
    controllers: [
      ['apps/directory/dist/src/organizations/organizations.controller.js', 'OrganizationsController'],
      ['apps/directory/dist/src/divisions/divisions.controller.js', 'DivisionsController'],
    ],
    defaults: {},
    required: [],
  },
  agreements: {
    appModule: 'apps/agreements/dist/src/app.module.js',
    config: ['apps/agreements/dist/src/agreements.config.js', 'AgreementsConfig'],
    controllers: [['apps/agreements/dist/src/agreements/agreements.controller.js', 'AgreementsController']],
    // No demonstration pacts of its own; the scheduler (in-force announcements) stays out of the way.
    defaults: { SEED_DEMO_DATA: 'false', AGREEMENTS_SCHEDULE_SECONDS: '3600' },
    // Its relay and stream must not meet the stack's.
    required: ['NATS_SUBJECT_PREFIX', 'EVENTS_STREAM'],
  },
  transfers: {
    appModule: 'apps/transfers/dist/src/app.module.js',
    config: ['apps/transfers/dist/src/transfers.config.js', 'TransfersConfig'],
    controllers: [
      ['apps/transfers/dist/src/transfers/transfers.controller.js', 'TransfersController'],
      ['apps/transfers/dist/src/attachments/attachments.controller.js', 'AttachmentsController'],
    ],
    // No demonstration transfers of its own; the deadline clock stays out of the way.
    defaults: { SEED_DEMO_DATA: 'false', TRANSFERS_SCHEDULE_SECONDS: '3600' },
    // Its relay, stream and consultation consumer must not meet the stack's.
    required: ['NATS_SUBJECT_PREFIX', 'EVENTS_STREAM'],
    // It calls the directory and agreements on the sender's behalf: in-process too (name them as well).
    callsInProcess: true,
  },
  meetings: {
    appModule: 'apps/meetings/dist/src/app.module.js',
    config: ['apps/meetings/dist/src/meetings.config.js', 'MeetingsConfig'],
    controllers: [
      ['apps/meetings/dist/src/meetings/meetings.controller.js', 'MeetingsController'],
      ['apps/meetings/dist/src/consultations/consultations.controller.js', 'ConsultationsController'],
    ],
    // No demonstration meetings or consultations of its own; the follow-up clock stays out of the way.
    defaults: { SEED_DEMO_DATA: 'false', MEETINGS_SCHEDULE_SECONDS: '3600' },
    // Its relay, stream and transfer-objection consumer must not meet the stack's.
    required: ['NATS_SUBJECT_PREFIX', 'EVENTS_STREAM'],
    // It asks the directory about a meeting's or consultation's organizations: in-process too (name it as well).
    callsInProcess: true,
  },
  records: {
    // AppModule.forRoot opens its data source its own way (openRecordsDataSource): migrations as the login
    // role of DATABASE_URL (a no-op here, the stack's records service has migrated), then every runtime
    // connection as RECORDS_DATABASE_ROLE (records_writer, created by the migrations) — the same as the
    // stack's process, so the baseline writes the audit log with the same role and triggers.
    appModule: 'apps/records/dist/src/app.module.js',
    config: ['apps/records/dist/src/records.config.js', 'RecordsConfig'],
    controllers: [['apps/records/dist/src/lookups/records.controller.js', 'RecordsController']],
    // No demonstration persons of its own (the benchmark loads its own).
    defaults: { SEED_DEMO_DATA: 'false' },
    // Its relay (holder notifications) and stream must not meet the stack's.
    required: ['NATS_SUBJECT_PREFIX', 'EVENTS_STREAM'],
    // It asks the directory (the hierarchy) and the agreements service (pacts sharing record lookup) on the
    // caller's behalf: in-process too (name them as well).
    callsInProcess: true,
  },
};

function selectedServices() {
  const names = (process.env.BASELINE_SERVICES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new Error('BASELINE_SERVICES names no service');
  for (const name of names) {
    if (!Object.hasOwn(SERVICES, name)) {
      throw new Error(
        `unknown service '${name}' in BASELINE_SERVICES (known: ${Object.keys(SERVICES).join(', ')})`,
      );
    }
    const missing = SERVICES[name].required.filter((k) => !process.env[k]);
    if (missing.length > 0) throw new Error(`${name} needs ${missing.join(', ')} in the environment`);
  }
  return Object.keys(SERVICES).filter((name) => names.includes(name));
}

/** Loads the service's code and creates its Nest application context; returns the context and its controllers. */
async function startService(name, env) {
  const spec = SERVICES[name];
  const [{ AppModule }, configModule, ...controllerModules] = await Promise.all([
    load(spec.appModule),
    load(spec.config[0]),
    ...spec.controllers.map(([path]) => load(path)),
  ]);
  const config = loadConfig(name, configModule[spec.config[1]], env);
  const logger = new JsonLogger(`${name}-baseline`, config.LOG_LEVEL);
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config, logger), { logger });
  const controllers = spec.controllers.map(([, exportName], i) =>
    context.get(controllerModules[i][exportName]),
  );
  return { name, context, controllers };
}

async function main() {
  const names = selectedServices();
  const [{ createGateway }, { GatewayConfig }] = await Promise.all([
    load('apps/gateway/dist/src/gateway.app.js'),
    load('apps/gateway/dist/src/gateway.config.js'),
  ]);
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    PORT: process.env.PORT ?? '0',
  };
  for (const name of names) {
    for (const [key, value] of Object.entries(SERVICES[name].defaults)) env[key] = process.env[key] ?? value;
  }

  const services = [];
  for (const name of names) services.push(await startService(name, env));
  const handlers = collectRpcHandlers(services.flatMap((s) => s.controllers));
  // A service that calls others (callsInProcess) gets the in-process caller instead of its NATS RpcClient.
  const inProcess = new InProcessRpcCaller(handlers, principalOfVerifiedToken);
  for (const { name, context } of services) {
    if (!SERVICES[name].callsInProcess) continue;
    const client = context.get(RpcClient, { strict: false });
    client.call = (method, request, options) => inProcess.call(method, request, options);
  }

  const gatewayConfig = loadConfig('gateway', GatewayConfig, env);
  const gatewayLogger = new JsonLogger('gateway-baseline', gatewayConfig.LOG_LEVEL);
  const gateway = await createGateway(gatewayConfig, gatewayLogger, {
    rpc: new InProcessRpcCaller(handlers, principalOfVerifiedToken),
  });
  await gateway.listen(gatewayConfig.PORT, '127.0.0.1');
  const { port } = gateway.getHttpServer().address();

  // createGateway enabled Nest's shutdown hooks (they close the gateway on SIGTERM and re-raise the signal);
  // close the service contexts alongside — the agreements one stops its outbox relay and scheduler.
  let closing = false;
  const closeServices = () => {
    if (closing) return;
    closing = true;
    for (const { context } of services.reverse()) void context.close().catch(() => undefined);
  };
  process.once('SIGTERM', closeServices);
  process.once('SIGINT', closeServices);

  process.stdout.write(
    JSON.stringify({
      msg: 'ready',
      service: 'baseline',
      services: names,
      url: `http://127.0.0.1:${port}/graphql`,
      port,
    }) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(
    `in-process baseline failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
