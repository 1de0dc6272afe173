import 'reflect-metadata';
import { loadConfig } from '@yiti/config';
import { AgreementsRpc } from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import { startRpcService } from '@yiti/messaging';
import { AppModule } from './app.module.js';
import { AgreementsConfig } from './agreements.config.js';

async function main(): Promise<void> {
  const config = loadConfig('agreements', AgreementsConfig);
  const logger = new JsonLogger('agreements', config.LOG_LEVEL);
  await startRpcService({
    service: 'agreements',
    module: AppModule.forRoot(config, logger),
    config,
    methods: Object.values(AgreementsRpc),
    logger,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`agreements failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
