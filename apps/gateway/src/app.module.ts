import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { NatsConnection } from '@nats-io/transport-node';
import { TokenVerifier } from '@yiti/auth';
import { JsonLogger } from '@yiti/logging';
import { NATS_CONNECTION, type RpcCaller } from '@yiti/messaging';
import { AgreementsModule } from './agreements/agreements.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { ConsultationsModule } from './consultations/consultations.module.js';
import { DirectoryModule } from './directory/directory.module.js';
import { ErrorReasonsModule } from './errors/error-reasons.resolver.js';
import { createErrorFormatter } from './errors/format-error.js';
import { clientErrorStatus } from './errors/http-status.js';
import type { GatewayConfig } from './gateway.config.js';
import { createGraphQLContext, RPC_CALLER } from './graphql/graphql-context.js';
import { MAX_TOKENS, queryLimits } from './graphql/query-limits.js';
import { GatewayMetrics } from './health/gateway-metrics.js';
import { HealthController } from './health/health.controller.js';
import { MetricsServer } from './health/metrics-server.js';
import { Readiness } from './health/readiness.js';
import { MINUTES_FONTS } from './meetings/meeting-files.controller.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { EventFeed } from './notifications/event-feed.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import {
  subscriptionServerOptions,
  subscriptionsOverWebSocketOnly,
} from './notifications/subscription-server.js';
import { RecordsModule } from './records/records.module.js';
import { TransfersModule } from './transfers/transfers.module.js';

export interface GatewayDependencies {
  config: GatewayConfig;
  logger: JsonLogger;
  verifier: TokenVerifier;
  nc: NatsConnection;
  rpc: RpcCaller;
  metrics: GatewayMetrics;
}

/** Everything GraphQL serves: the resolver modules. The schema emitter builds from the same list. */
export const RESOLVER_MODULES = [
  DirectoryModule,
  AgreementsModule,
  NotificationsModule,
  TransfersModule,
  MeetingsModule,
  ConsultationsModule,
  RecordsModule,
  ErrorReasonsModule,
];

@Module({})
export class AppModule {
  static forRoot(deps: GatewayDependencies): DynamicModule {
    const { config, logger, metrics } = deps;
    const limits = queryLimits(config);
    const formatError = createErrorFormatter(logger);

    return {
      module: AppModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          playground: false,
          introspection: !config.production,
          csrfPrevention: true,
          includeStacktraceInErrorResponses: false,
          allowBatchedHttpRequests: false,
          plugins: [
            ...limits.plugins,
            metrics.apolloPlugin(),
            subscriptionsOverWebSocketOnly(),
            clientErrorStatus(),
          ] as ApolloDriverConfig['plugins'],
          validationRules: limits.validationRules,
          parseOptions: { maxTokens: MAX_TOKENS },
          formatError,
          context: ({ req }: { req: Parameters<typeof createGraphQLContext>[1] }) =>
            createGraphQLContext(deps.rpc, req),
          // Subscriptions over graphql-ws on the same path; their context and auth are the socket's own.
          subscriptions: {
            'graphql-ws': subscriptionServerOptions({
              verifier: deps.verifier,
              logger,
              rpc: deps.rpc,
              validationRules: limits.webSocketValidationRules,
              maxTokens: MAX_TOKENS,
              production: config.production,
              formatError,
            }),
          },
        }),
        ...RESOLVER_MODULES,
      ],
      controllers: [HealthController],
      providers: [
        { provide: JsonLogger, useValue: logger },
        { provide: TokenVerifier, useValue: deps.verifier },
        { provide: NATS_CONNECTION, useValue: deps.nc },
        { provide: RPC_CALLER, useValue: deps.rpc },
        { provide: MINUTES_FONTS, useValue: config.minutesFonts },
        {
          provide: EventFeed,
          useFactory: () =>
            new EventFeed({
              nc: deps.nc,
              stream: config.EVENTS_STREAM,
              subjectPrefix: config.NATS_SUBJECT_PREFIX,
              logger,
            }),
        },
        {
          provide: Readiness,
          inject: [EventFeed],
          useFactory: (feed: EventFeed) =>
            new Readiness(
              deps.nc,
              feed,
              config.READY_SERVICES.split(',')
                .map((s) => s.trim())
                .filter(Boolean),
              config.NATS_SUBJECT_PREFIX,
            ),
        },
        // Started by main.ts only (the benchmark's in-process gateway has none); closed with the app.
        {
          provide: MetricsServer,
          inject: [Readiness],
          useFactory: (readiness: Readiness) => new MetricsServer(metrics, readiness, config.METRICS_TOKEN),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [RPC_CALLER, JsonLogger, TokenVerifier, EventFeed, MINUTES_FONTS],
      global: true,
    };
  }
}
