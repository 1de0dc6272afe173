import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphQLError } from 'graphql';
import type { Context, ServerOptions, SubscribePayload } from 'graphql-ws';
import { TokenRejectedError, type Principal, type TokenVerifier } from '@yiti/auth';
import { JsonLogger } from '@yiti/logging';
import { CommonReason } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { createErrorFormatter } from '../errors/format-error.js';
import { SubscriberLaggingError } from './event-fan-out.js';
import { subscriptionServerOptions } from './subscription-server.js';

type Extra = { socket: { close(code?: number, reason?: string): void; closed?: [number?, string?] } };

function server(production = false, expiresInSeconds = 300) {
  const logger = new JsonLogger('test', 'error', () => undefined);
  const verifier = {
    async verify(token: string | undefined): Promise<Principal> {
      if (token !== 'good') throw new TokenRejectedError('bad');
      return {
        subject: 's',
        username: 'qushui-prosecutor',
        org: 'proc-540124',
        roles: ['prosecutor'],
        client: 'yiti-portal',
        expiresAt: Date.now() / 1000 + expiresInSeconds,
      };
    },
  } as unknown as TokenVerifier;
  const options = subscriptionServerOptions({
    verifier,
    logger,
    rpc: {} as RpcCaller,
    validationRules: [],
    maxTokens: 100,
    production,
    formatError: createErrorFormatter(logger),
  }) as unknown as Required<ServerOptions<Record<string, unknown> | undefined, Extra>>;
  const onError = async (...args: Parameters<typeof options.onError>) =>
    (await options.onError(...args)) ?? [];
  const context = (authorization?: string) => {
    const socket: Extra['socket'] = { close: (code, reason) => (socket.closed ??= [code, reason]) };
    return {
      connectionInitReceived: true,
      acknowledged: false,
      subscriptions: {},
      extra: { socket },
      connectionParams: authorization === undefined ? {} : { authorization },
    } as Context<Record<string, unknown> | undefined, Extra>;
  };
  return { options, context, onError };
}

const payload = (query: string): SubscribePayload => ({ query });

describe('subscription server (graphql-ws options)', () => {
  it('accepts a verified bearer token and refuses anything else with close 4401', async () => {
    const { options, context } = server();
    const ok = context('Bearer good');
    assert.equal(await options.onConnect(ok), true);
    assert.equal(ok.extra.socket.closed, undefined);
    await options.onClose(ok, 1000, '');
    for (const header of [undefined, 'Bearer bad', 'good', 'Basic good']) {
      const refused = context(header);
      assert.equal(await options.onConnect(refused), false, String(header));
      assert.deepEqual(refused.extra.socket.closed, [4401, 'Unauthorized'], String(header));
    }
  });

  it('closes the socket when the token expires', async () => {
    const { options, context, onError } = server(false, 0.05);
    const ctx = context('Bearer good');
    assert.equal(await options.onConnect(ctx), true);
    await new Promise((r) => setTimeout(r, 120));
    assert.deepEqual(ctx.extra.socket.closed, [4401, 'Token expired']);
    const refused = await options.onSubscribe(ctx, '1', payload('subscription { a }'));
    assert.ok(Array.isArray(refused));
    const [error] = await onError(ctx, '1', payload(''), refused as GraphQLError[]);
    assert.equal(error?.extensions?.['code'], 'UNAUTHENTICATED');
  });

  it('serves subscriptions only, and refuses documents over the token limit', async () => {
    const { options, context, onError } = server();
    const ctx = context('Bearer good');
    await options.onConnect(ctx);
    assert.equal(await options.onSubscribe(ctx, '1', payload('subscription { a }')), undefined);
    for (const query of ['{ me { username } }', 'mutation { a }', `subscription { ${'a '.repeat(200)} }`]) {
      const errors = (await options.onSubscribe(ctx, '1', payload(query))) as GraphQLError[];
      const [formatted] = await onError(ctx, '1', payload(query), errors);
      assert.equal(formatted?.extensions?.['code'], 'BAD_USER_INPUT', query.slice(0, 20));
    }
    await options.onClose(ctx, 1000, '');
  });

  it('ends a lagging subscription with SERVICE_UNAVAILABLE; internal errors say nothing', async () => {
    const { context, onError } = server();
    const ctx = context('Bearer good');
    const lagging = new GraphQLError('lagging', { originalError: new SubscriberLaggingError(1000) });
    const internal = new GraphQLError('connection refused at 10.0.0.1', {
      originalError: new Error('connection refused at 10.0.0.1'),
    });
    const [a, b] = await onError(ctx, '1', payload(''), [lagging, internal]);
    assert.equal(a?.extensions?.['code'], 'SERVICE_UNAVAILABLE');
    assert.match(a!.message, /Subscribe again/);
    assert.equal(a?.extensions?.['reason'], 'SERVICE_UNAVAILABLE');
    assert.deepEqual(b, {
      message: 'Internal error.',
      extensions: {
        code: 'INTERNAL',
        reason: 'INTERNAL',
        messages: { 'zh-CN': CommonReason.INTERNAL.zh, en: CommonReason.INTERNAL.en },
      },
    });
  });

  it('hides field suggestions in production only', async () => {
    const suggestion = new GraphQLError('Cannot query field "knd" on type "T". Did you mean "kind"?');
    const { onError: dev, context } = server(false);
    const { onError: prod } = server(true);
    const [d] = await dev(context(), '1', payload(''), [suggestion]);
    const [p] = await prod(context(), '1', payload(''), [suggestion]);
    assert.match(d!.message, /Did you mean "kind"/);
    assert.doesNotMatch(p!.message, /Did you mean|"kind"/);
    assert.equal(p?.extensions?.['code'], 'BAD_USER_INPUT');
  });
});
