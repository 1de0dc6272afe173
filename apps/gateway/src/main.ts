import 'reflect-metadata';
import { loadConfig } from '@yiti/config';
import { JsonLogger } from '@yiti/logging';
import { GatewayConfig } from './gateway.config.js';
import { createGateway } from './gateway.app.js';
import { MetricsServer } from './health/metrics-server.js';
import { missingFonts } from './meetings/minutes-pdf.js';

async function main(): Promise<void> {
  const config = loadConfig('gateway', GatewayConfig);
  const logger = new JsonLogger('gateway', config.LOG_LEVEL);
  const fonts = missingFonts(config.minutesFonts);
  // Only the minutes' PDF export needs them: say so now rather than at the first export.
  if (fonts.length > 0) logger.event('warn', 'minutes.fonts-missing', { fonts });
  const app = await createGateway(config, logger);
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address() as { port: number };
  const metrics = await app.get(MetricsServer).listen(config.METRICS_PORT, config.METRICS_HOST);
  const metricsHost = metrics.family === 'IPv6' ? `[${metrics.address}]` : metrics.address;
  logger.event('info', 'ready', {
    url: `http://${config.HOST}:${address.port}/graphql`,
    port: address.port,
    metrics: `http://${metricsHost}:${metrics.port}/metrics`,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
