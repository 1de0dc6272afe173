import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';

/**
 * The one Apollo client: queries and mutations over HTTP `/graphql`, subscriptions over graphql-ws on the same
 * path, each with the current access token (read per request, so a renewed token is used at once). The
 * subscription socket reconnects with the newest token.
 */
export function createApolloClient(token: () => Promise<string | undefined>): ApolloClient {
  const http = new HttpLink({ uri: '/graphql' });
  const withToken = new SetContextLink(async (prev) => {
    const t = await token();
    return t ? { headers: { ...prev['headers'], authorization: `Bearer ${t}` } } : {};
  });
  const wsUrl = new URL('/graphql', window.location.href);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new GraphQLWsLink(
    createClient({
      url: wsUrl.href,
      lazy: true,
      retryAttempts: Infinity,
      connectionParams: async () => {
        const t = await token();
        return t ? { authorization: `Bearer ${t}` } : {};
      },
    }),
  );
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return (
        definition.kind === 'OperationDefinition' && definition.operation === OperationTypeNode.SUBSCRIPTION
      );
    },
    ws,
    withToken.concat(http),
  );
  return new ApolloClient({
    link,
    cache: new InMemoryCache(),
    defaultOptions: {
      watchQuery: { fetchPolicy: 'cache-and-network' },
    },
  });
}
