import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What travels with one request across hops: the request id (HTTP `X-Request-Id` at the gateway, NATS header
 * `Yiti-Request-Id` between services), the W3C trace context and, once authenticated, who is calling.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly traceparent?: string;
  user?: string;
  org?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Accepts a caller-supplied id only when it is a plausible token (no log injection); otherwise makes one. */
export function requestIdFrom(candidate: string | undefined | null): string {
  return candidate && /^[A-Za-z0-9._:-]{8,128}$/.test(candidate) ? candidate : randomUUID();
}

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** Keeps a W3C `traceparent` only when well-formed. */
export function traceparentFrom(candidate: string | undefined | null): string | undefined {
  return candidate && TRACEPARENT.test(candidate) ? candidate : undefined;
}
