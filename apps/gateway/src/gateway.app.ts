import { ATTACHMENT_MAX_BYTES, ConsultationReason, TransferReason } from '@yiti/contracts';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { requestIdFrom, runInRequestContext, traceparentFrom, type JsonLogger } from '@yiti/logging';
import { tokenVerifierFor } from '@yiti/auth';
import { connectNats, RpcClient, type RpcCaller } from '@yiti/messaging';
import { AppModule } from './app.module.js';
import { answerClientErrors, bodyParserErrors } from './errors/request-errors.js';
import { ServiceErrorFilter } from './errors/service-error-filter.js';
import type { GatewayConfig } from './gateway.config.js';
import { ControlCharacterPipe } from './graphql/control-character.pipe.js';
import { GatewayMetrics } from './health/gateway-metrics.js';
import { graphiqlIde } from './ide/graphiql.js';
import { portalSite } from './portal/portal-site.js';
import { attachmentUploadBody } from './attachments/attachment-upload.js';

export interface GatewayOptions {
  /** Replaces the NATS caller — only the benchmark's in-process baseline does this. */
  rpc?: RpcCaller;
}

/** Every HTTP request runs in a request context: `X-Request-Id` (accepted or made) and `traceparent`. */
function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const requestId = requestIdFrom(req.header('x-request-id'));
  const traceparent = traceparentFrom(req.header('traceparent'));
  res.setHeader('X-Request-Id', requestId);
  runInRequestContext({ requestId, ...(traceparent ? { traceparent } : {}) }, next);
}

/**
 * Builds the gateway: token verifier with its key cache warmed, NATS connection, the Nest app with GraphQL,
 * input validation (class-validator; the services validate again), request ids and shutdown hooks.
 */
export async function createGateway(
  config: GatewayConfig,
  logger: JsonLogger,
  options: GatewayOptions = {},
): Promise<NestExpressApplication> {
  const verifier = tokenVerifierFor(config);
  await verifier.warm();
  const nc = await connectNats(config, 'gateway');
  const metrics = new GatewayMetrics();
  const rpc =
    options.rpc ?? new RpcClient(nc, config.RPC_TIMEOUT_MS, metrics.observeRpc, config.NATS_SUBJECT_PREFIX);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, logger, verifier, nc, rpc, metrics }),
    {
      logger,
      bodyParser: false,
    },
  );
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  // The web portal at / (portal/portal-site.ts), when PORTAL_DIR names its build.
  if (config.PORTAL_DIR) {
    app.use(
      portalSite({
        dir: config.PORTAL_DIR,
        authority: config.portalAuthority,
        clientId: config.PORTAL_CLIENT_ID,
      }),
    );
  }
  // GraphiQL at GET /graphql from a browser, in development only (ide/graphiql.ts).
  app.use(graphiqlIde({ production: config.production }));
  // Attachment uploads: the raw file (up to 20 MB) as the body, read before the JSON parser looks at it.
  app.use(
    attachmentUploadBody(ATTACHMENT_MAX_BYTES, {
      transfers: TransferReason.ATTACHMENT_TOO_LARGE,
      consultations: ConsultationReason.ATTACHMENT_TOO_LARGE,
    }),
  );
  app.useBodyParser('json', { limit: '1mb' });
  // A body the parser refuses, and a request Node refuses before Express, answer in the documented error shape.
  app.use(bodyParserErrors());
  answerClientErrors(app.getHttpServer());
  // A service's typed error in a resolver is logged by its code, not as a fault (errors/service-error-filter.ts).
  app.useGlobalFilters(new ServiceErrorFilter(logger, app.getHttpAdapter()));
  app.useGlobalPipes(
    new ControlCharacterPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.enableShutdownHooks();
  return app;
}
