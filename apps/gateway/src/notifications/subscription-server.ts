import type { ApolloServerPlugin } from '@apollo/server';
import { ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ParseOptions,
  type Source,
  type ValidationRule,
} from 'graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { TokenVerifier } from '@yiti/auth';
import { GatewayReason } from '@yiti/contracts';
import type { JsonLogger } from '@yiti/logging';
import type { RpcCaller } from '@yiti/messaging';
import type { Caller } from '../auth/caller.js';
import { verifyCaller } from '../auth/verify-caller.js';
import { createGraphQLContext, createWebSocketGraphQLContext } from '../graphql/graphql-context.js';
import { SubscriberLaggingError } from './event-fan-out.js';

/** graphql-ws close codes used here: the client must not retry with the same token. */
export const CLOSE_UNAUTHORIZED = 4401;
const CLOSE_INTERNAL_ERROR = 4500;
/** Subscriptions one connection may hold at once (each has its own bounded buffer). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 25;
/** setTimeout's ceiling (about 24.8 days); tokens live minutes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What graphql-ws's `useServer` (ws) puts in `Context.extra`. */
interface SocketExtra {
  readonly socket: { close(code?: number, reason?: string): void };
  readonly request: IncomingMessage;
}
type WsContext = Context<Record<string, unknown> | undefined, SocketExtra>;

export interface SubscriptionServerOptions {
  verifier: TokenVerifier;
  logger: JsonLogger;
  rpc: RpcCaller;
  /** The same graphql-armor rules (depth, aliases, cost, directives) as over HTTP. */
  validationRules: readonly ValidationRule[];
  maxTokens: number;
  production: boolean;
  /** The gateway's Apollo `formatError` (closed set of codes, safe messages). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

interface Connection {
  readonly caller: Caller;
  readonly expiry: NodeJS.Timeout;
}

/**
 * The graphql-ws server options of `/graphql` (subscriptions only; queries and mutations go over HTTP).
 *
 * Auth: the client sends `connectionParams: { authorization: 'Bearer <token>' }`; the token is verified once,
 * by the same verification as HTTP requests, when the connection is initialised. A missing or refused token
 * closes the socket with 4401 (graphql-ws clients do not retry it); so does the token's `exp` passing, so a
 * socket never outlives its token. Each operation's context carries the verified caller, and the AuthGuard
 * then applies `@Authorize` and `@CurrentCaller()` as for queries.
 *
 * Documents get the HTTP path's protections: token limit, graphql-armor's rules, no introspection in
 * production; errors go through the same formatter, with field suggestions hidden in production.
 */
export function subscriptionServerOptions(opts: SubscriptionServerOptions): GraphQLWsSubscriptionsConfig {
  const { verifier, logger, rpc, production, maxTokens } = opts;
  const connections = new WeakMap<WsContext, Connection>();
  const rules: ValidationRule[] = [
    ...specifiedRules,
    ...opts.validationRules,
    ...(production ? [NoSchemaIntrospectionCustomRule] : []),
  ];
  const parseDocument = (source: string | Source, options?: ParseOptions): DocumentNode =>
    parse(source, { ...options, maxTokens });

  const expired = (caller: Caller) => caller.principal.expiresAt * 1000 <= Date.now();

  const format = (error: GraphQLError): GraphQLFormattedError => {
    let formatted = error.toJSON();
    let original: unknown = error.originalError;
    if (original instanceof SubscriberLaggingError)
      original = new ServiceUnavailableException(original.message);
    // A parse, validation or variable-coercion error (no path: no resolver ran; graphql's own error inside at
    // most) is about the client's document. Apollo marks these GRAPHQL_VALIDATION_FAILED / BAD_USER_INPUT;
    // graphql-ws marks nothing.
    if (!error.path && (!original || original instanceof GraphQLError)) {
      original = undefined;
      if (typeof formatted.extensions?.['code'] !== 'string') {
        formatted = {
          ...formatted,
          extensions: { ...formatted.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
        };
      }
    }
    const out = opts.formatError(formatted, { originalError: original });
    return production
      ? { ...out, message: out.message.replace(/Did you mean ".+"/g, '[Suggestion hidden]') }
      : out;
  };

  const options: Partial<ServerOptions<Record<string, unknown> | undefined, SocketExtra>> & { path: string } =
    {
      path: '/graphql',

      async onConnect(ctx) {
        const params = ctx.connectionParams;
        const header = params?.['authorization'] ?? params?.['Authorization'];
        let caller: Caller;
        try {
          caller = await verifyCaller(verifier, logger, typeof header === 'string' ? header : undefined);
        } catch (err) {
          if (err instanceof UnauthorizedException) {
            ctx.extra.socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized');
          } else {
            logger.event('error', 'websocket authentication failed', {
              error: err instanceof Error ? err.message : String(err),
            });
            ctx.extra.socket.close(CLOSE_INTERNAL_ERROR, 'Internal server error');
          }
          // graphql-ws then closes with 4403, which the socket already closing ignores.
          return false;
        }
        const expiry = setTimeout(
          () => ctx.extra.socket.close(CLOSE_UNAUTHORIZED, 'Token expired'),
          Math.min(Math.max(caller.principal.expiresAt * 1000 - Date.now(), 0), MAX_TIMER_MS),
        );
        expiry.unref();
        connections.set(ctx, { caller, expiry });
        return true;
      },

      onClose(ctx) {
        const connection = connections.get(ctx);
        if (connection) clearTimeout(connection.expiry);
        connections.delete(ctx);
      },

      onSubscribe(ctx, _id, payload) {
        const connection = connections.get(ctx);
        if (!connection || expired(connection.caller)) {
          ctx.extra.socket.close(CLOSE_UNAUTHORIZED, 'Token expired');
          const refusal = new UnauthorizedException('A valid bearer token is required.');
          return [new GraphQLError(refusal.message, { originalError: refusal })];
        }
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [
            new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection.`, {
              extensions: { code: 'BAD_USER_INPUT', reason: GatewayReason.SUBSCRIPTION_LIMIT.reason },
            }),
          ];
        }
        let document: DocumentNode;
        try {
          document = parseDocument(payload.query);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        const operation = getOperationAST(document, payload.operationName);
        if (operation && operation.operation !== 'subscription') {
          return [
            new GraphQLError(
              'Only subscriptions are served over WebSocket; send queries and mutations over HTTP.',
              {
                extensions: { code: 'BAD_USER_INPUT', reason: GatewayReason.OPERATION_NOT_SUPPORTED.reason },
              },
            ),
          ];
        }
        // graphql-ws parses (parse below) and validates (validate below) from here.
        return undefined;
      },

      parse: parseDocument,
      validate: (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, rules),

      context(ctx) {
        const connection = connections.get(ctx);
        // Without a connection (cannot happen after onSubscribe) the guard finds no verification and refuses.
        return connection
          ? createWebSocketGraphQLContext(rpc, connection.caller)
          : createGraphQLContext(rpc, { headers: {} });
      },

      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: result.errors.map(format) };
      },

      onError(_ctx, _id, _payload, errors) {
        return errors.map(format);
      },
    };
  // Nest types this config as a subset of graphql-ws's options with `extra` unknown; it hands every option to
  // graphql-ws's useServer (ws), whose `extra` is { socket, request }.
  return options as GraphQLWsSubscriptionsConfig;
}

/**
 * Apollo plugin: a subscription sent over HTTP is the client's mistake (BAD_USER_INPUT, 400) — graphql would
 * otherwise run it as a query and fail with an internal error.
 */
export function subscriptionsOverWebSocketOnly(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at this same path.', {
            extensions: {
              code: 'BAD_USER_INPUT',
              reason: GatewayReason.OPERATION_NOT_SUPPORTED.reason,
              http: { status: 400 },
            },
          });
        },
      };
    },
  };
}
