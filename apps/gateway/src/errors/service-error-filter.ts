import { Catch, type ArgumentsHost, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { JsonLogger, LogLevel } from '@yiti/logging';
import { RpcError } from '@yiti/messaging';
import { clientCodeOf, type ClientErrorCode } from './error-codes.js';

/**
 * How a service's error is logged at the gateway, by its client code: the caller's mistakes (and refusals) are
 * the normal course of business — `info`, with the code and no stack; a service away or slow is `warn`; stored
 * content failing its digest is `error`. INTERNAL is logged with its stack by the GraphQL error formatter, the
 * one place every unexpected error passes.
 */
export function logLevelOf(code: ClientErrorCode): LogLevel | undefined {
  switch (code) {
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'BAD_USER_INPUT':
    case 'NOT_FOUND':
    case 'CONFLICT':
    case 'RATE_LIMITED':
      return 'info';
    case 'SERVICE_UNAVAILABLE':
    case 'TIMEOUT':
      return 'warn';
    case 'DATA_INTEGRITY':
      return 'error';
    case 'INTERNAL':
      return undefined;
  }
}

/**
 * A service's typed error in a resolver: without this filter Nest's default handler logs every one of them
 * (FORBIDDEN, NOT_FOUND, …) at `error` with a stack trace. Here it is logged by `logLevelOf` and handed back
 * to GraphQL unchanged, where the error formatter maps it. Outside GraphQL, Nest's default handling (the
 * HTTP controllers have their own filter).
 */
@Catch(RpcError)
export class ServiceErrorFilter extends BaseExceptionFilter {
  constructor(
    private readonly logger: JsonLogger,
    applicationRef: HttpServer,
  ) {
    super(applicationRef);
  }

  override catch(exception: RpcError, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'graphql') return super.catch(exception, host);
    const code = clientCodeOf(exception.code);
    const level = logLevelOf(code);
    if (level) this.logger.event(level, 'service refused', { code, error: exception.message });
    return exception;
  }
}
