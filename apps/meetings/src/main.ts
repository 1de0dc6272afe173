import 'reflect-metadata';
import { loadConfig } from '@yiti/config';
import { MeetingsRpc } from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import { startRpcService } from '@yiti/messaging';
import { AppModule } from './app.module.js';
import { MeetingsConfig } from './meetings.config.js';

async function main(): Promise<void> {
  const config = loadConfig('meetings', MeetingsConfig);
  const logger = new JsonLogger('meetings', config.LOG_LEVEL);
  await startRpcService({
    service: 'meetings',
    module: AppModule.forRoot(config, logger),
    config,
    methods: Object.values(MeetingsRpc),
    logger,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`meetings failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
