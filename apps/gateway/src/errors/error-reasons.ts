import { HttpException } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import {
  CommonReason,
  errorReasonNamed,
  GatewayReason,
  genericReasonOf,
  type ErrorReason,
} from '@yiti/contracts';
import { ErrorCode } from '@yiti/messaging';
import { TOO_COMPLEX } from '../graphql/query-cost.js';
import { documentMessage } from './document-messages.js';
import type { ClientErrorCode } from './error-codes.js';

/**
 * What every error the gateway sends carries besides its code (docs/errors.md, "Reasons"): the reason's name
 * and its message in both languages, from the catalogue — `{ reason, messages: { 'zh-CN', en } }`. A reason
 * that does not fit the code (cannot happen for a catalogued one) gives way to the code's generic reason.
 */
export interface ReasonExtensions {
  reason: string;
  messages: { 'zh-CN': string; en: string };
}

export function reasonExtensions(code: ClientErrorCode, reason: ErrorReason | undefined): ReasonExtensions {
  const errorCode = ErrorCode[code];
  const r = reason && reason.code === errorCode ? reason : genericReasonOf(errorCode);
  return { reason: r.reason, messages: { 'zh-CN': r.zh, en: r.en } };
}

/** Apollo's document/request codes, and a `reason` our own GraphQLErrors set in their extensions. */
const APOLLO_REASONS: Record<string, ErrorReason> = {
  GRAPHQL_PARSE_FAILED: GatewayReason.QUERY_SYNTAX,
  GRAPHQL_VALIDATION_FAILED: GatewayReason.QUERY_INVALID,
  BAD_USER_INPUT: GatewayReason.VARIABLE_INVALID,
  BAD_REQUEST: GatewayReason.REQUEST_MALFORMED,
  OPERATION_RESOLUTION_FAILURE: GatewayReason.REQUEST_MALFORMED,
  PERSISTED_QUERY_NOT_FOUND: GatewayReason.OPERATION_NOT_SUPPORTED,
  PERSISTED_QUERY_NOT_SUPPORTED: GatewayReason.OPERATION_NOT_SUPPORTED,
};

/**
 * graphql-armor's refusals (cost, depth, aliases, directives, tokens; limits not exposed) all say "Syntax Error:
 * Query validation error."; a real syntax error also comes as GRAPHQL_VALIDATION_FAILED ("Syntax Error: Expected
 * …") once the token limit does the parsing.
 */
const ARMOR_REFUSAL = 'Syntax Error: Query validation error.';

export function apolloReasonOf(formatted: GraphQLFormattedError): ErrorReason | undefined {
  const own = formatted.extensions?.['reason'];
  if (typeof own === 'string' && errorReasonNamed(own)) return errorReasonNamed(own);
  const code = formatted.extensions?.['code'];
  if (documentMessage(formatted.message) === TOO_COMPLEX) return GatewayReason.QUERY_TOO_COMPLEX;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && formatted.message.startsWith('Syntax Error:')) {
    return formatted.message === ARMOR_REFUSAL ? GatewayReason.QUERY_TOO_COMPLEX : GatewayReason.QUERY_SYNTAX;
  }
  return typeof code === 'string' ? APOLLO_REASONS[code] : undefined;
}

/**
 * A Nest HTTP exception's reason: the one its body names (`{ message, reason }`, as the guard throws them), the
 * validation pipe's class-validator list as FIELD_INVALID, else none (the code's generic one follows).
 */
export function reasonOfHttpException(exception: HttpException): ErrorReason | undefined {
  const body = exception.getResponse() as { reason?: unknown; message?: unknown } | string | null;
  if (typeof body !== 'object' || body === null) return undefined;
  if (typeof body.reason === 'string') return errorReasonNamed(body.reason);
  if (Array.isArray(body.message)) return GatewayReason.FIELD_INVALID;
  return undefined;
}

/** The body of a role refusal by the guard: FORBIDDEN with the reason MISSING_ROLE. */
export const missingRoleBody = (message: string) => ({
  statusCode: 403,
  message,
  reason: CommonReason.MISSING_ROLE.reason,
});
