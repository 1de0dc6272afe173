import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { JsonLogger } from '@yiti/logging';
import { GatewayReason, type ErrorReason } from '@yiti/contracts';
import { RpcError, type Violation } from '@yiti/messaging';
import { clientCodeOf, clientCodeOfStatus, HTTP_STATUS_OF, type ClientErrorCode } from './error-codes.js';
import { reasonExtensions, reasonOfHttpException, type ReasonExtensions } from './error-reasons.js';

/**
 * What a plain HTTP endpoint of the gateway (attachment content, calendar files) answers when it fails:
 * `{ "error": { "code", "reason", "messages", "message", "violations"? } }`, with a code from the closed set and
 * the reason with its zh-CN and en messages from the catalogue, as in GraphQL's `extensions`.
 */
export interface HttpErrorBody {
  error: { code: ClientErrorCode; message: string; violations?: readonly Violation[] } & ReasonExtensions;
}

/** An error an HTTP endpoint raises itself, with its client code (and a status, if not the code's). */
export class HttpError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number = HTTP_STATUS_OF[code],
    readonly violations: readonly Violation[] = [],
    readonly reason?: ErrorReason,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  static badInput(field: string, message: string, status = 400): HttpError {
    return new HttpError(
      'BAD_USER_INPUT',
      `Invalid input: ${field} ${message}.`,
      status,
      [{ field, message }],
      GatewayReason.FIELD_INVALID,
    );
  }
}

interface Classified {
  status: number;
  code: ClientErrorCode;
  message: string;
  violations?: readonly Violation[];
  reason?: ErrorReason | undefined;
}

/** The message of a Nest HTTP exception; class-validator's list (from the ValidationPipe) as violations. */
function fromHttpException(exception: HttpException): Classified {
  const status = exception.getStatus();
  const code = clientCodeOfStatus(status);
  const body = exception.getResponse();
  const messages = (body as { message?: unknown } | null)?.message;
  if (Array.isArray(messages) && messages.every((m) => typeof m === 'string')) {
    return {
      status,
      code,
      message: `Invalid input: ${messages.join('; ')}.`,
      violations: messages.map((m) => ({ field: m.split(' ')[0] ?? '', message: m })),
      reason: reasonOfHttpException(exception),
    };
  }
  return { status, code, message: exception.message, reason: reasonOfHttpException(exception) };
}

export function sendHttpError(res: Response, error: Classified): void {
  const body: HttpErrorBody = {
    error: {
      code: error.code,
      ...reasonExtensions(error.code, error.reason),
      message: error.message,
      ...(error.violations?.length ? { violations: error.violations } : {}),
    },
  };
  res.status(error.status).setHeader('Cache-Control', 'no-store').json(body);
}

/**
 * The one place the gateway's plain HTTP endpoints turn errors into HTTP answers: service errors through the
 * same mapping as GraphQL (`clientCodeOf`), the guard's and validation pipe's by status, anything else INTERNAL
 * (logged with its stack here, never sent). DATA_INTEGRITY is logged too: content corrupted at rest is never
 * served.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(JsonLogger) private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const error = this.classify(exception);
    // The gateway's own integrity failures are logged, with both digests, where they are found.
    if (error.code === 'INTERNAL' || (error.code === 'DATA_INTEGRITY' && exception instanceof RpcError)) {
      this.logger.event('error', 'http request failed', {
        code: error.code,
        path: http.getRequest<Request>().path,
        error: exception instanceof Error ? exception.message : String(exception),
        stack: error.code === 'INTERNAL' && exception instanceof Error ? exception.stack : undefined,
      });
    }
    // Content is only sent once checked in full, so this is a failure before the first byte, or a broken socket.
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendHttpError(res, error);
  }

  private classify(exception: unknown): Classified {
    if (exception instanceof HttpError) {
      const { status, code, message, violations, reason } = exception;
      return { status, code, message, violations, reason };
    }
    if (exception instanceof RpcError) {
      const code = clientCodeOf(exception.code);
      return {
        status: HTTP_STATUS_OF[code],
        code,
        message: exception.message,
        violations: exception.violations,
        reason: exception.reason,
      };
    }
    if (exception instanceof HttpException) {
      const classified = fromHttpException(exception);
      if (classified.code !== 'INTERNAL') return classified;
    }
    return { status: 500, code: 'INTERNAL', message: 'Internal error.' };
  }
}
