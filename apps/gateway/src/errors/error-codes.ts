import { ErrorCode } from '@yiti/messaging';

/**
 * The closed set of `extensions.code` values a client can see (documented in docs/errors.md).
 */
export const CLIENT_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
  'DATA_INTEGRITY',
  'RATE_LIMITED',
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** Service error code → client code, exhaustively: a new enum value fails to compile here. */
export function clientCodeOf(code: ErrorCode): ClientErrorCode {
  switch (code) {
    case ErrorCode.UNAUTHENTICATED:
      return 'UNAUTHENTICATED';
    case ErrorCode.FORBIDDEN:
      return 'FORBIDDEN';
    case ErrorCode.BAD_USER_INPUT:
      return 'BAD_USER_INPUT';
    case ErrorCode.NOT_FOUND:
      return 'NOT_FOUND';
    case ErrorCode.CONFLICT:
      return 'CONFLICT';
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 'SERVICE_UNAVAILABLE';
    case ErrorCode.TIMEOUT:
      return 'TIMEOUT';
    case ErrorCode.DATA_INTEGRITY:
      return 'DATA_INTEGRITY';
    case ErrorCode.RATE_LIMITED:
      return 'RATE_LIMITED';
    case ErrorCode.INTERNAL:
    case ErrorCode.UNSPECIFIED:
      return 'INTERNAL';
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** The HTTP status of each client code, for endpoints outside GraphQL (e.g. attachment content). */
export const HTTP_STATUS_OF: Record<ClientErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 504,
  DATA_INTEGRITY: 502,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** Nest HTTP exceptions (validation pipe, guard) → client code. */
export function clientCodeOfStatus(status: number): ClientErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'BAD_USER_INPUT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    case 504:
      return 'TIMEOUT';
    default:
      return 'INTERNAL';
  }
}

/** Apollo's own codes for a malformed or invalid document: the client's mistake. */
export const APOLLO_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);
