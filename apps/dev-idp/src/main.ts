import { ConfigError, loadConfig } from '@yiti/config';
import { JsonLogger } from '@yiti/logging';
import { devIdpStartOptions, DevIdpConfig } from './dev-idp.config.js';
import { startDevIdp } from './dev-idp.server.js';

async function main(): Promise<void> {
  const config = loadConfig('dev-idp', DevIdpConfig);
  const logger = new JsonLogger('dev-idp', config.LOG_LEVEL);
  const idp = await startDevIdp({ ...devIdpStartOptions(config), logger });
  logger.event('info', 'ready', { url: idp.url, issuer: idp.issuer });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.event('info', 'stopping', { signal });
    idp.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.event('error', 'stop failed', { error: (err as Error).message });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const text =
    err instanceof ConfigError ? err.message : `dev-idp: ${err instanceof Error ? err.message : String(err)}`;
  process.stderr.write(text + '\n');
  process.exit(1);
});
