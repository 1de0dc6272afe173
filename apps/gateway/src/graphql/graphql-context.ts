import type { RpcCaller } from '@yiti/messaging';
import type { Caller, CallerRequest } from '../auth/caller.js';
import { DirectoryLoaders } from '../directory/directory.loaders.js';

/** Injection token of the service caller (NATS in production, in-process in the benchmark baseline). */
export const RPC_CALLER = 'RPC_CALLER';

export interface GraphQLContext {
  req: CallerRequest;
  directory: DirectoryLoaders;
}

export function createGraphQLContext(rpc: RpcCaller, req: CallerRequest): GraphQLContext {
  const token = async () => {
    if (!req.yitiVerification) throw new Error('no verified caller on this request');
    return (await req.yitiVerification).token;
  };
  return { req, directory: new DirectoryLoaders(rpc, token) };
}

/**
 * The context of one operation on a WebSocket: the connection's caller was verified when it opened (see
 * notifications/subscription-server.ts), so the AuthGuard finds the verification done, checks the roles
 * `@Authorize` asks for and hands `@CurrentCaller()` the caller, exactly as for a query over HTTP.
 */
export function createWebSocketGraphQLContext(rpc: RpcCaller, caller: Caller): GraphQLContext {
  return createGraphQLContext(rpc, { headers: {}, yitiVerification: Promise.resolve(caller) });
}
