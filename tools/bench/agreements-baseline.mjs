// The in-process baseline of the agreements benchmark: ONE Nest process with the real gateway (resolvers,
// guard and token validation, GraphQL) and the real agreements (and directory) controllers, services and
// repositories, the gateway's service caller replaced by InProcessRpcCaller — no NATS hop, no protobuf
// encoding, no second token check. Started by tools/bench/agreements.mjs as a child process; environment:
// KEYCLOAK_URL, NATS_URL (the gateway and the services still connect), DATABASE_URL (schemas already migrated),
// NATS_SUBJECT_PREFIX and EVENTS_STREAM (NOT the stack's: the agreements module runs its own outbox relay and
// ensures its own stream), SEED_DEMO_DATA=false, optional PORT (default: any free port).
// Prints {"msg":"ready","url":"http://127.0.0.1:<port>/graphql"} when listening.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@yiti/config';
import { JsonLogger } from '@yiti/logging';
import { collectRpcHandlers, InProcessRpcCaller } from '@yiti/devstack';

const root = new URL('../../', import.meta.url);
const load = (path) => import(new URL(path, root).href);

/** The token was verified by the gateway's guard already; the services just need the principal. */
function principalOf(token) {
  if (!token) throw new Error('in-process call without a token');
  const c = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return {
    subject: c.sub,
    username: c.preferred_username,
    org: c.org,
    roles: Array.isArray(c.realm_access?.roles) ? c.realm_access.roles : [],
    client: c.azp,
    expiresAt: c.exp,
  };
}

async function main() {
  const [
    { createGateway },
    { GatewayConfig },
    agreementsApp,
    { AgreementsConfig },
    agreementsController,
    directoryApp,
    { DirectoryConfig },
    orgs,
    divs,
  ] = await Promise.all([
    load('apps/gateway/dist/src/gateway.app.js'),
    load('apps/gateway/dist/src/gateway.config.js'),
    load('apps/agreements/dist/src/app.module.js'),
    load('apps/agreements/dist/src/agreements.config.js'),
    load('apps/agreements/dist/src/agreements/agreements.controller.js'),
    load('apps/directory/dist/src/app.module.js'),
    load('apps/directory/dist/src/directory.config.js'),
    load('apps/directory/dist/src/organizations/organizations.controller.js'),
    load('apps/directory/dist/src/divisions/divisions.controller.js'),
  ]);
  const env = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    PORT: process.env.PORT ?? '0',
    SEED_DEMO_DATA: process.env.SEED_DEMO_DATA ?? 'false',
  };

  const directoryConfig = loadConfig('directory', DirectoryConfig, env);
  const directoryLogger = new JsonLogger('directory-baseline', directoryConfig.LOG_LEVEL);
  const directory = await NestFactory.createApplicationContext(
    directoryApp.AppModule.forRoot(directoryConfig, directoryLogger),
    { logger: directoryLogger },
  );

  const agreementsConfig = loadConfig('agreements', AgreementsConfig, env);
  const agreementsLogger = new JsonLogger('agreements-baseline', agreementsConfig.LOG_LEVEL);
  const agreements = await NestFactory.createApplicationContext(
    agreementsApp.AppModule.forRoot(agreementsConfig, agreementsLogger),
    { logger: agreementsLogger },
  );

  const handlers = collectRpcHandlers([
    agreements.get(agreementsController.AgreementsController),
    directory.get(orgs.OrganizationsController),
    directory.get(divs.DivisionsController),
  ]);

  const gatewayConfig = loadConfig('gateway', GatewayConfig, env);
  const gatewayLogger = new JsonLogger('gateway-baseline', gatewayConfig.LOG_LEVEL);
  const gateway = await createGateway(gatewayConfig, gatewayLogger, {
    rpc: new InProcessRpcCaller(handlers, principalOf),
  });
  await gateway.listen(gatewayConfig.PORT, '127.0.0.1');
  const { port } = gateway.getHttpServer().address();

  // createGateway enabled Nest's shutdown hooks (they close the gateway on SIGTERM and re-raise the signal);
  // close the service contexts alongside — the agreements one stops its outbox relay and scheduler.
  let closing = false;
  const closeServices = () => {
    if (closing) return;
    closing = true;
    for (const context of [agreements, directory]) void context.close().catch(() => undefined);
  };
  process.once('SIGTERM', closeServices);
  process.once('SIGINT', closeServices);

  process.stdout.write(
    JSON.stringify({
      msg: 'ready',
      service: 'agreements-baseline',
      url: `http://127.0.0.1:${port}/graphql`,
      port,
    }) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(
    `agreements-baseline failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
