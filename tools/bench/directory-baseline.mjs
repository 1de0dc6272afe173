// The in-process baseline of the directory benchmark: ONE Nest process with the real gateway (resolvers,
// guard and token validation, GraphQL) and the real directory controllers/services/repository, the gateway's
// service caller replaced by InProcessRpcCaller — no NATS hop, no protobuf encoding, no second token check.
// Started by tools/bench/directory.mjs as a child process; environment: KEYCLOAK_URL, NATS_URL (the gateway
// still connects for health), DATABASE_URL (schema already migrated), optional PORT (default: any free port).
// Prints {"msg":"ready","url":"http://127.0.0.1:<port>/graphql"} when listening.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@yiti/config';
import { JsonLogger } from '@yiti/logging';
import { collectRpcHandlers, InProcessRpcCaller } from '@yiti/devstack';

const root = new URL('../../', import.meta.url);
const load = (path) => import(new URL(path, root).href);

/** The token was verified by the gateway's guard already; the directory just needs the principal. */
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
  const [{ createGateway }, { GatewayConfig }, { AppModule }, { DirectoryConfig }, orgs, divs] =
    await Promise.all([
      load('apps/gateway/dist/src/gateway.app.js'),
      load('apps/gateway/dist/src/gateway.config.js'),
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
  };

  const directoryConfig = loadConfig('directory', DirectoryConfig, env);
  const directoryLogger = new JsonLogger('directory-baseline', directoryConfig.LOG_LEVEL);
  const directory = await NestFactory.createApplicationContext(
    AppModule.forRoot(directoryConfig, directoryLogger),
    {
      logger: directoryLogger,
    },
  );
  const handlers = collectRpcHandlers([
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
  // close the directory context alongside.
  let closing = false;
  const closeDirectory = () => {
    if (closing) return;
    closing = true;
    void directory.close().catch(() => undefined);
  };
  process.once('SIGTERM', closeDirectory);
  process.once('SIGINT', closeDirectory);

  process.stdout.write(
    JSON.stringify({
      msg: 'ready',
      service: 'directory-baseline',
      url: `http://127.0.0.1:${port}/graphql`,
      port,
    }) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(
    `directory-baseline failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
