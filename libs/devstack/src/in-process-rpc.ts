import { create, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import { randomUUID } from 'node:crypto';
import { isRole, type Principal } from '@yiti/auth';
import type { RpcMethod } from '@yiti/contracts';
import { currentRequestContext } from '@yiti/logging';
import { RPC_METHOD_METADATA, type RpcCall, type RpcCallOptions, type RpcCaller } from '@yiti/messaging';

type BoundHandler = (request: unknown, call: RpcCall) => unknown;

/** Finds the `@RpcHandler` methods of controller instances, keyed by subject. */
export function collectRpcHandlers(controllers: readonly object[]): Map<string, BoundHandler> {
  const handlers = new Map<string, BoundHandler>();
  for (const controller of controllers) {
    const proto = Object.getPrototypeOf(controller) as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const fn = proto[name];
      if (typeof fn !== 'function') continue;
      const method = Reflect.getMetadata(RPC_METHOD_METADATA, fn) as RpcMethod | undefined;
      if (method) handlers.set(method.subject, (fn as BoundHandler).bind(controller));
    }
  }
  return handlers;
}

/**
 * The principal carried by a token that the gateway's guard has ALREADY verified (signature, issuer,
 * audience, lifetime): it only decodes the JWT payload and checks nothing. For the in-process benchmark
 * baseline only (`InProcessRpcCaller`'s `principalOf`), where the services skip their own token check —
 * never use it on a token that has not been verified.
 */
export function principalOfVerifiedToken(token: string | undefined): Principal {
  if (!token) throw new Error('in-process call without a token');
  const c = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sub: string;
    preferred_username: string;
    org: string;
    azp: string;
    exp: number;
    realm_access?: { roles?: unknown };
  };
  const roles = c.realm_access?.roles;
  return {
    subject: c.sub,
    username: c.preferred_username,
    org: c.org,
    roles: Array.isArray(roles) ? roles.filter(isRole) : [],
    client: c.azp,
    expiresAt: c.exp,
  };
}

/**
 * Calls controller handlers directly in the same process: no NATS, no protobuf encoding, no second token
 * check (`principalOf` trusts a token the caller has already verified). This is the baseline the benchmarks
 * measure the distributed path against — never a way to run services in production.
 */
export class InProcessRpcCaller implements RpcCaller {
  constructor(
    private readonly handlers: Map<string, BoundHandler>,
    private readonly principalOf: (token: string | undefined) => Principal,
  ) {}

  async call<I extends DescMessage, O extends DescMessage>(
    method: RpcMethod<I, O>,
    request: MessageInitShape<I>,
    options: RpcCallOptions = {},
  ): Promise<MessageShape<O>> {
    const handler = this.handlers.get(method.subject);
    if (!handler) throw new Error(`no in-process handler for ${method.subject}`);
    const call: RpcCall = {
      token: options.token ?? '',
      principal: this.principalOf(options.token),
      requestId: currentRequestContext()?.requestId ?? randomUUID(),
    };
    const reply = await handler(create(method.input, request), call);
    return create(method.output, reply as MessageInitShape<O>);
  }
}
