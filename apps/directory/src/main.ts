import 'reflect-metadata';
import { loadConfig } from '@yiti/config';
import { DirectoryRpc } from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import { startRpcService } from '@yiti/messaging';
import { AppModule } from './app.module.js';
import { DirectoryConfig } from './directory.config.js';

async function main(): Promise<void> {
  const config = loadConfig('directory', DirectoryConfig);
  const logger = new JsonLogger('directory', config.LOG_LEVEL);
  await startRpcService({
    service: 'directory',
    module: AppModule.forRoot(config, logger),
    config,
    methods: Object.values(DirectoryRpc),
    logger,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`directory failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
