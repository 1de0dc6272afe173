import { HttpException } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import type { JsonLogger } from '@yiti/logging';
import { RpcError, type ErrorReason } from '@yiti/messaging';
import { documentMessage } from './document-messages.js';
import { APOLLO_INPUT_CODES, clientCodeOf, clientCodeOfStatus, type ClientErrorCode } from './error-codes.js';
import { apolloReasonOf, reasonExtensions, reasonOfHttpException } from './error-reasons.js';

interface Classified {
  code: ClientErrorCode;
  message: string;
  violations?: readonly { field: string; message: string }[];
}

function httpMessage(exception: HttpException): {
  message: string;
  violations?: { field: string; message: string }[];
} {
  const body = exception.getResponse();
  if (typeof body === 'object' && body !== null && Array.isArray((body as { message?: unknown }).message)) {
    // class-validator messages from the ValidationPipe: "<field> <problem>".
    const messages = (body as { message: string[] }).message;
    return {
      message: `Invalid input: ${messages.join('; ')}.`,
      violations: messages.map((m) => ({ field: m.split(' ')[0] ?? '', message: m })),
    };
  }
  return { message: exception.message };
}

function classify(formatted: GraphQLFormattedError, original: unknown): Classified | undefined {
  if (original instanceof RpcError) {
    return { code: clientCodeOf(original.code), message: original.message, violations: original.violations };
  }
  if (original instanceof HttpException) {
    const code = clientCodeOfStatus(original.getStatus());
    return code === 'INTERNAL' ? undefined : { code, ...httpMessage(original) };
  }
  const apolloCode = formatted.extensions?.['code'];
  if (typeof apolloCode === 'string' && APOLLO_INPUT_CODES.has(apolloCode)) {
    // Parse/validation/coercion messages describe the client's document, not our internals.
    return { code: 'BAD_USER_INPUT', message: documentMessage(formatted.message) };
  }
  return undefined;
}

/** The catalogue reason of an error (checked against its code by `reasonExtensions`). */
function reasonOf(formatted: GraphQLFormattedError, original: unknown): ErrorReason | undefined {
  if (original instanceof RpcError) return original.reason;
  if (original instanceof HttpException) return reasonOfHttpException(original);
  return apolloReasonOf(formatted);
}

/**
 * Apollo `formatError`: every error leaves with `extensions.code` from the closed set, `extensions.reason` and
 * `extensions.messages` (zh-CN, en) from the reason catalogue, and a safe message —
 * never a stack trace, SQL or an internal class name. Unknown errors become INTERNAL and are logged here.
 */
export function createErrorFormatter(logger: JsonLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as { originalError?: unknown } | undefined)?.originalError;
    const classified = classify(formatted, original) ?? {
      code: 'INTERNAL' as const,
      message: 'Internal error.',
    };
    if (classified.code === 'INTERNAL') {
      logger.event('error', 'graphql error', {
        error: original instanceof Error ? original.message : formatted.message,
        stack: original instanceof Error ? original.stack : undefined,
        path: formatted.path,
      });
    }
    return {
      message: classified.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: {
        code: classified.code,
        ...reasonExtensions(classified.code, reasonOf(formatted, original)),
        ...(classified.violations?.length ? { violations: classified.violations } : {}),
      },
    };
  };
}
