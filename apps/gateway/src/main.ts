import 'reflect-metadata';
import { loadConfig } from '@yiti/config';
import { JsonLogger } from '@yiti/logging';
import { GatewayConfig } from './gateway.config.js';
import { createGateway } from './gateway.app.js';

async function main(): Promise<void> {
  const config = loadConfig('gateway', GatewayConfig);
  const logger = new JsonLogger('gateway', config.LOG_LEVEL);
  const app = await createGateway(config, logger);
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address() as { port: number };
  logger.event('info', 'ready', { url: `http://${config.HOST}:${address.port}/graphql`, port: address.port });
}

main().catch((err: unknown) => {
  process.stderr.write(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
