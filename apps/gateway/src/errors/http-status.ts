import type { ApolloServerPlugin } from '@apollo/server';

/**
 * The HTTP status of a GraphQL answer, in one place: a request refused before execution (no `data`) only for
 * the client's mistakes — a syntax error, a validation or limit refusal, a bad variable — answers 400, whatever
 * status the stage that refused it set (Apollo answers 500 for an error raised in some plugin hooks). Answers
 * with `data` stay 200, as GraphQL over HTTP has them.
 */
export function clientErrorStatus(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.data !== undefined || !result.errors?.length) return;
          if (result.errors.every((e) => e.extensions?.['code'] === 'BAD_USER_INPUT')) {
            response.http.status = 400;
          }
        },
      };
    },
  };
}
