import { create, fromBinary, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { isObservable, lastValueFrom } from 'rxjs';
import { bearerToken, TokenRejectedError, type Principal, type TokenVerifier } from '@yiti/auth';
import {
  CommonReason,
  pingRpc,
  PingResponseSchema,
  type RpcMethod,
  type ServiceIdentity,
} from '@yiti/contracts';
import { requestIdFrom, runInRequestContext, traceparentFrom, type JsonLogger } from '@yiti/logging';
import { AUTHORIZATION_HEADER, REQUEST_ID_HEADER, TRACEPARENT_HEADER } from './headers.js';
import { connectNats, type NatsClientConfig } from './nats-connection.js';
import { ERROR_HEADER, RpcError } from './rpc-error.js';
import { refuseControlCharacters } from './text-check.js';

/** What a handler learns about the call besides the request: who is calling, verified here. */
export interface RpcCall {
  readonly principal: Principal;
  readonly requestId: string;
  /** The verified bearer token, to forward when this service calls another one on the caller's behalf. */
  readonly token: string;
}

export interface NatsRpcServerOptions {
  /** Service name: also the queue group, so more instances share the load with no config change. */
  service: ServiceIdentity;
  /** Where NATS is and the service's bus identity (its nkey seed), see BUS_RULES. */
  nats: NatsClientConfig;
  verifier: TokenVerifier;
  logger: JsonLogger;
  /** The RPC methods this service may bind (e.g. `Object.values(DirectoryRpc)`). */
  methods: readonly RpcMethod[];
  /** NATS_SUBJECT_PREFIX: prepended to every subject this service answers. */
  subjectPrefix?: string;
  /**
   * Methods whose handler refuses U+0000 in text itself (with `controlCharacterViolations`), because it must
   * audit the refusal (the records lookups); every other method's request is checked here.
   */
  textCheckedByHandler?: readonly RpcMethod[];
}

type Handler = (request: unknown, call: RpcCall) => unknown;

/**
 * Nest microservice transport for Yiti's NATS request-reply: protobuf bodies, one queue group per service,
 * the caller's bearer token verified again on every request (zero trust behind the gateway), request id and
 * trace context restored from headers into the logging context, and typed errors (`Yiti-Error` header +
 * `RpcError` body). Handlers are controller methods decorated with `@RpcHandler(method)`.
 */
export class NatsRpcServer extends Server implements CustomTransportStrategy {
  private nc: NatsConnection | undefined;
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly options: NatsRpcServerOptions) {
    super();
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      this.nc = await connectNats(this.options.nats, this.options.service);
      const bySubject = new Map(this.options.methods.map((m) => [m.subject, m]));
      for (const [subject, handler] of this.messageHandlers) {
        const method = bySubject.get(subject);
        if (!method) throw new Error(`@RpcHandler bound to "${subject}", which is not a known RPC method`);
        if (method.service !== this.options.service) {
          throw new Error(
            `"${subject}" belongs to the ${method.service} service, not ${this.options.service}`,
          );
        }
        this.subscribe(method, handler as unknown as Handler);
      }
      this.subscribePing();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  /** Stops taking requests, lets in-flight ones finish, then closes the connection. */
  async close(): Promise<void> {
    if (!this.nc) return;
    const nc = this.nc;
    this.nc = undefined;
    await nc.drain().catch(() => undefined);
  }

  on(): never {
    throw new Error('NatsRpcServer does not emit events');
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('not listening');
    return this.nc as T;
  }

  private subscribe(method: RpcMethod, handler: Handler): void {
    const sub = this.nc!.subscribe((this.options.subjectPrefix ?? '') + method.subject, {
      queue: this.options.service,
      callback: (err, msg) => {
        if (err) {
          this.options.logger.event('error', 'subscription error', {
            subject: method.subject,
            error: err.message,
          });
          return;
        }
        void this.handle(method, handler, msg);
      },
    });
    this.subscriptions.push(sub);
  }

  private subscribePing(): void {
    const ping = pingRpc(this.options.service);
    const reply = toBinary(PingResponseSchema, create(PingResponseSchema, { service: this.options.service }));
    // Readiness probe: answered without a token, so it names the service and nothing else (no host, no pid).
    this.subscriptions.push(
      this.nc!.subscribe((this.options.subjectPrefix ?? '') + ping.subject, {
        queue: this.options.service,
        callback: (_e, msg) => void msg.respond(reply),
      }),
    );
  }

  private async handle(method: RpcMethod, handler: Handler, msg: Msg): Promise<void> {
    const started = performance.now();
    const requestId = requestIdFrom(msg.headers?.get(REQUEST_ID_HEADER));
    const traceparent = traceparentFrom(msg.headers?.get(TRACEPARENT_HEADER));
    const context = { requestId, ...(traceparent ? { traceparent } : {}) };
    await runInRequestContext(context, async () => {
      let outcome = 'ok';
      try {
        const token = bearerToken(msg.headers?.get(AUTHORIZATION_HEADER));
        const principal = await this.authenticate(token);
        Object.assign(context, { user: principal.username, org: principal.org });
        const request = this.decode(method, msg.data);
        let result = await handler(request, { principal, requestId, token: token! });
        if (isObservable(result)) result = await lastValueFrom(result);
        msg.respond(toBinary(method.output, create(method.output, result as never)));
      } catch (err) {
        const error = this.toRpcError(err, method);
        outcome = error.codeName;
        const h = headers();
        h.set(ERROR_HEADER, error.codeName);
        msg.respond(error.encode(), { headers: h });
      } finally {
        const ms = Math.round((performance.now() - started) * 1000) / 1000;
        this.options.logger.event(outcome === 'ok' ? 'debug' : 'info', 'rpc', {
          subject: method.subject,
          outcome,
          ms,
        });
      }
    });
  }

  private async authenticate(token: string | undefined): Promise<Principal> {
    try {
      return await this.options.verifier.verify(token);
    } catch (err) {
      if (err instanceof TokenRejectedError) {
        this.options.logger.event('warn', 'token rejected', { reason: err.reason });
        throw RpcError.of(CommonReason.UNAUTHENTICATED);
      }
      throw err;
    }
  }

  /**
   * The request message, refused (BAD_USER_INPUT) when it is not one, or when any of its text fields holds
   * U+0000 (TEXT_CONTROL_CHARACTER, naming the fields) — checked here for every method, so no handler can forget.
   */
  private decode(method: RpcMethod, data: Uint8Array): MessageShape<DescMessage> {
    let request: MessageShape<DescMessage>;
    try {
      request = fromBinary(method.input, data);
    } catch {
      throw RpcError.of(CommonReason.INVALID_MESSAGE, 'The request is not a valid message.');
    }
    if (!this.options.textCheckedByHandler?.some((m) => m.subject === method.subject)) {
      refuseControlCharacters(request);
    }
    return request;
  }

  private toRpcError(err: unknown, method: RpcMethod): RpcError {
    if (err instanceof RpcError) return err;
    this.options.logger.event('error', 'unhandled error in rpc handler', {
      subject: method.subject,
      error: err instanceof Error ? err.message : String(err),
      stack: err instanceof Error ? err.stack : undefined,
    });
    return RpcError.of(CommonReason.INTERNAL);
  }
}
