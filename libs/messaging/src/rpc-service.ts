import { rmSync, writeFileSync } from 'node:fs';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ServiceIdentity } from '@yiti/contracts';
import {
  Catch,
  Module,
  type DynamicModule,
  type INestMicroservice,
  type RpcExceptionFilter,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';
import { tokenVerifierFor } from '@yiti/auth';
import type { ServiceConfig } from '@yiti/config';
import type { RpcMethod } from '@yiti/contracts';
import { JsonLogger } from '@yiti/logging';
import { NatsRpcServer } from './nats-rpc.server.js';

/**
 * Hands every handler error to the transport unchanged, so `NatsRpcServer` alone decides what a caller sees
 * (typed `RpcError`s as they are, anything else INTERNAL). Nest's default filter would flatten them.
 */
@Catch()
export class RpcPassThroughFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** Root of every service: the app's module plus the pass-through filter, registered before initialization. */
@Module({})
class RpcServiceModule {
  static wrap(module: Type | DynamicModule): DynamicModule {
    return {
      module: RpcServiceModule,
      imports: [module],
      providers: [{ provide: APP_FILTER, useClass: RpcPassThroughFilter }],
    };
  }
}

export interface RpcServiceOptions {
  service: ServiceIdentity;
  module: Type | DynamicModule;
  config: ServiceConfig;
  methods: readonly RpcMethod[];
  logger?: JsonLogger;
  /** See NatsRpcServerOptions: methods whose handler refuses U+0000 itself, to audit the refusal. */
  textCheckedByHandler?: readonly RpcMethod[];
}

/**
 * Boots a Yiti service the one way every service boots: JSON logger, token verifier with its key cache
 * warmed, the NATS RPC transport in the service's queue group, shutdown hooks, then one `ready` log line
 * (which `npm start` and the test harness wait for).
 */
export async function startRpcService(options: RpcServiceOptions): Promise<INestMicroservice> {
  const { service, config } = options;
  const logger = options.logger ?? new JsonLogger(service, config.LOG_LEVEL);
  const verifier = tokenVerifierFor(config);
  const keys = await verifier.warm();
  const app = await NestFactory.createMicroservice(RpcServiceModule.wrap(options.module), {
    strategy: new NatsRpcServer({
      service,
      nats: config,
      verifier,
      logger,
      methods: options.methods,
      subjectPrefix: config.NATS_SUBJECT_PREFIX,
      ...(options.textCheckedByHandler ? { textCheckedByHandler: options.textCheckedByHandler } : {}),
    }),
    logger,
  });
  app.enableShutdownHooks();
  await app.listen();
  logger.event('info', 'ready', { signingKeys: keys, nats: config.NATS_URL });
  if (config.HEALTH_FILE) keepHealthFile(config.HEALTH_FILE, app.unwrap<NatsConnection>());
  return app;
}

/** How often the health file is rewritten; a probe treats a file older than a few of these as a dead process. */
export const HEALTH_FILE_INTERVAL_MS = 5000;

/**
 * The health signal of a service without HTTP (HEALTH_FILE): the file's modification time moves on while the
 * event loop runs and the NATS connection is open (reconnecting counts as open: a restart would not help), and
 * the file goes away when the connection closes — at shutdown, after the drain.
 */
function keepHealthFile(file: string, nc: NatsConnection): void {
  const touch = () => writeFileSync(file, `${new Date().toISOString()}\n`);
  touch();
  const timer = setInterval(touch, HEALTH_FILE_INTERVAL_MS);
  timer.unref();
  void nc.closed().then(() => {
    clearInterval(timer);
    rmSync(file, { force: true });
  });
}
