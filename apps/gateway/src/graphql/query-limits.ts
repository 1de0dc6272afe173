import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ValidationContext, ValidationRule } from 'graphql';
import type { GatewayConfig } from '../gateway.config.js';
import { costLimitRule, operationCost, tooComplex } from './query-cost.js';

/** The token limit of a document, over HTTP and WebSocket alike (graphql's own parser counts them). */
export const MAX_TOKENS = 2000;

/** Every limit refusal says the same, BAD_USER_INPUT and no number (graphql-armor's would be a "Syntax Error"). */
const refuse = (context: ValidationContext | null) => context?.reportError(tooComplex());
const quietly = { exposeLimits: false, propagateOnRejection: false, onReject: [refuse] };

export interface QueryLimits {
  /** Apollo plugins: the cost limit judged with the request's variables. */
  plugins: ApolloServerPlugin[];
  /** Depth, aliases and directives (graphql-armor), for HTTP and WebSocket. */
  validationRules: ValidationRule[];
  /** The same plus the cost limit without variables, for subscriptions over WebSocket. */
  webSocketValidationRules: ValidationRule[];
}

/**
 * The gateway's query limits in one place: depth, aliases and directives by graphql-armor (its cost limit
 * only reads an inline `first`, and its token limit answers a syntax error with HTTP 500, so neither is used),
 * the cost estimate of query-cost.ts, and the token limit in graphql's parser (`parseOptions.maxTokens`).
 */
export function queryLimits(config: GatewayConfig): QueryLimits {
  const armor = new ApolloArmor({
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH, flattenFragments: true, ...quietly },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES, ...quietly },
    maxDirectives: { n: 20, ...quietly },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.production },
  }).protect();
  const maxCost = config.GRAPHQL_MAX_COST;
  const costPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (operation && operationCost(schema, document, operation, request.variables ?? {}) > maxCost) {
            throw tooComplex();
          }
        },
      };
    },
  };
  const validationRules = armor.validationRules as unknown as ValidationRule[];
  return {
    // graphql-armor is typed against @apollo/server's CJS build, Nest against its ESM build: same runtime shape.
    plugins: [...(armor.plugins as unknown as ApolloServerPlugin[]), costPlugin],
    validationRules,
    webSocketValidationRules: [...validationRules, costLimitRule(maxCost)],
  };
}
