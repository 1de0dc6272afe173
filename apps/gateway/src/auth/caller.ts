import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Principal } from '@yiti/auth';
import type { IncomingHttpHeaders } from 'node:http';

/** The verified caller of a GraphQL request and the token to forward to services. */
export interface Caller {
  readonly principal: Principal;
  readonly token: string;
}

/**
 * What the guard needs of a request: the express request of an HTTP call, or the request a WebSocket
 * operation gets (see notifications/subscription-server.ts) with the connection's verification already set.
 */
export interface CallerRequest {
  readonly headers: IncomingHttpHeaders;
  /** Verification in progress or done: one per HTTP request, however many root fields it has. */
  yitiVerification?: Promise<Caller>;
  /** Set by the guard once verification succeeded. */
  yitiCaller?: Caller;
}

export function requestOf(context: ExecutionContext): CallerRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: CallerRequest }>().req;
  }
  return context.switchToHttp().getRequest<CallerRequest>();
}

/** Injects the caller the guard verified. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = requestOf(context).yitiCaller;
  if (!caller) throw new Error('CurrentCaller used on a resolver the AuthGuard did not run for');
  return caller;
});
