import { randomUUID } from 'node:crypto';
import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { CommonReason, type RpcMethod } from '@yiti/contracts';
import { currentRequestContext } from '@yiti/logging';
import { AUTHORIZATION_HEADER, REQUEST_ID_HEADER, TRACEPARENT_HEADER } from './headers.js';
import { ERROR_HEADER, RpcError } from './rpc-error.js';

export interface RpcCallOptions {
  /** The caller's bearer token, forwarded so the service can verify it again. */
  token?: string;
  timeoutMs?: number;
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : '';
}

/** What callers of services depend on; `RpcClient` is the NATS implementation. */
export interface RpcCaller {
  call<I extends DescMessage, O extends DescMessage>(
    method: RpcMethod<I, O>,
    request: MessageInitShape<I>,
    options?: RpcCallOptions,
  ): Promise<MessageShape<O>>;
}

/** Observes every call: subject, outcome (`ok` or an error code name) and duration in seconds. */
export type RpcObserver = (subject: string, outcome: string, seconds: number) => void;

/**
 * Calls a service over NATS request-reply: protobuf body, bearer token and request id / trace context in the
 * headers, a timeout on every call. Whatever goes wrong comes back as an `RpcError`: a missing responder is
 * SERVICE_UNAVAILABLE, no answer in time is TIMEOUT, an error reply is the service's own typed error.
 */
export class RpcClient implements RpcCaller {
  constructor(
    private readonly nc: NatsConnection,
    private readonly defaultTimeoutMs: number,
    private readonly observe: RpcObserver = () => undefined,
    /** NATS_SUBJECT_PREFIX: must match the services'. */
    private readonly subjectPrefix = '',
  ) {}

  async call<I extends DescMessage, O extends DescMessage>(
    method: RpcMethod<I, O>,
    request: MessageInitShape<I>,
    options: RpcCallOptions = {},
  ): Promise<MessageShape<O>> {
    const started = performance.now();
    try {
      const reply = await this.send(method, request, options);
      this.observe(method.subject, 'ok', (performance.now() - started) / 1000);
      return reply;
    } catch (err) {
      const code = err instanceof RpcError ? err.codeName : 'INTERNAL';
      this.observe(method.subject, code, (performance.now() - started) / 1000);
      throw err;
    }
  }

  private async send<I extends DescMessage, O extends DescMessage>(
    method: RpcMethod<I, O>,
    request: MessageInitShape<I>,
    options: RpcCallOptions,
  ): Promise<MessageShape<O>> {
    const timeout = options.timeoutMs ?? this.defaultTimeoutMs;
    const h = headers();
    const ctx = currentRequestContext();
    h.set(REQUEST_ID_HEADER, ctx?.requestId ?? randomUUID());
    if (ctx?.traceparent) h.set(TRACEPARENT_HEADER, ctx.traceparent);
    if (options.token) h.set(AUTHORIZATION_HEADER, `Bearer ${options.token}`);

    const body = toBinary(method.input, create(method.input, request));
    let reply;
    try {
      reply = await this.nc.request(this.subjectPrefix + method.subject, body, { timeout, headers: h });
    } catch (err) {
      throw this.transportError(err, method, timeout);
    }
    if (reply.headers?.get(ERROR_HEADER)) throw RpcError.decode(reply.data);
    try {
      return fromBinary(method.output, reply.data);
    } catch {
      throw RpcError.of(CommonReason.INTERNAL, `The ${method.service} service sent an unreadable reply.`);
    }
  }

  private transportError(err: unknown, method: RpcMethod, timeout: number): RpcError {
    const cause = err instanceof Error ? err.cause : undefined;
    const noResponders =
      errorName(err) === 'NoRespondersError' ||
      errorName(cause) === 'NoRespondersError' ||
      (typeof (err as { isNoResponders?: () => boolean }).isNoResponders === 'function' &&
        (err as { isNoResponders: () => boolean }).isNoResponders());
    if (noResponders)
      return RpcError.of(CommonReason.SERVICE_UNAVAILABLE, `The ${method.service} service is not available.`);
    if (errorName(err) === 'TimeoutError' || errorName(cause) === 'TimeoutError') {
      return RpcError.of(
        CommonReason.TIMEOUT,
        `The ${method.service} service did not answer within ${timeout} ms.`,
      );
    }
    return RpcError.of(CommonReason.SERVICE_UNAVAILABLE, 'Messaging is not available.');
  }
}
