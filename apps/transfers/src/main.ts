import 'reflect-metadata';
import { loadConfig } from '@yiti/config';
import { TransfersRpc } from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import { startRpcService } from '@yiti/messaging';
import { AppModule } from './app.module.js';
import { TransfersConfig } from './transfers.config.js';

async function main(): Promise<void> {
  const config = loadConfig('transfers', TransfersConfig);
  const logger = new JsonLogger('transfers', config.LOG_LEVEL);
  await startRpcService({
    service: 'transfers',
    module: AppModule.forRoot(config, logger),
    config,
    methods: Object.values(TransfersRpc),
    logger,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`transfers failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
