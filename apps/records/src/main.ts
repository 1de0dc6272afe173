import 'reflect-metadata';
import { loadConfig } from '@yiti/config';
import { RecordsRpc } from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import { startRpcService } from '@yiti/messaging';
import { AppModule } from './app.module.js';
import { RecordsConfig } from './records.config.js';

async function main(): Promise<void> {
  const config = loadConfig('records', RecordsConfig);
  const logger = new JsonLogger('records', config.LOG_LEVEL);
  await startRpcService({
    service: 'records',
    module: AppModule.forRoot(config, logger),
    config,
    methods: Object.values(RecordsRpc),
    logger,
    // The lookups refuse U+0000 themselves, after auditing the attempt (lookups.service.ts, admit).
    textCheckedByHandler: [RecordsRpc.lookupByCitizenId, RecordsRpc.searchByName, RecordsRpc.getPersonDetail],
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`records failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
