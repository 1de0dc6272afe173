import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  CommonReason,
  ErrorCode,
  errorReasonNamed,
  genericReasonOf,
  RpcErrorSchema,
  type ErrorReason,
  type FieldViolation,
} from '@yiti/contracts';

export { ErrorCode };
export type { ErrorReason };

/** Header that marks a reply as an error; the body is a `yiti.common.v1.RpcError`. */
export const ERROR_HEADER = 'Yiti-Error';

export interface Violation {
  field: string;
  message: string;
}

/**
 * A typed error that crosses NATS: a code from the closed `ErrorCode` enum, a machine-readable reason from the
 * catalogue (libs/contracts error-reasons.ts; it implies the code), a message safe to show a caller and, for
 * bad input, the fields at fault. Anything else thrown in a handler becomes INTERNAL, logged with its stack on
 * the service side and never sent.
 */
export class RpcError extends Error {
  readonly reason: ErrorReason;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly violations: readonly Violation[] = [],
    reason?: ErrorReason,
  ) {
    super(message);
    this.name = 'RpcError';
    this.reason = reason && reason.code === code ? reason : genericReasonOf(code);
  }

  /** The error of a reason: its code, the given message (the reason's English one when none). */
  static of(
    reason: ErrorReason,
    message: string = reason.en,
    violations: readonly Violation[] = [],
  ): RpcError {
    return new RpcError(reason.code, message, violations, reason);
  }

  static unauthenticated(message = 'A valid bearer token is required.'): RpcError {
    return new RpcError(ErrorCode.UNAUTHENTICATED, message);
  }
  // The factories below give the code's generic reason (INVALID_INPUT, NOT_ALLOWED, …); prefer `RpcError.of`.
  static forbidden(message = 'You are not allowed to do this.'): RpcError {
    return new RpcError(ErrorCode.FORBIDDEN, message);
  }
  static badInput(message: string, violations: readonly Violation[] = []): RpcError {
    return new RpcError(ErrorCode.BAD_USER_INPUT, message, violations);
  }
  static notFound(message: string): RpcError {
    return new RpcError(ErrorCode.NOT_FOUND, message);
  }
  static conflict(message: string): RpcError {
    return new RpcError(ErrorCode.CONFLICT, message);
  }
  static unavailable(message: string): RpcError {
    return new RpcError(ErrorCode.SERVICE_UNAVAILABLE, message);
  }
  static timeout(message: string): RpcError {
    return new RpcError(ErrorCode.TIMEOUT, message);
  }
  static dataIntegrity(message: string): RpcError {
    return new RpcError(ErrorCode.DATA_INTEGRITY, message);
  }
  static rateLimited(message: string): RpcError {
    return new RpcError(ErrorCode.RATE_LIMITED, message);
  }
  static internal(message = 'Internal error.'): RpcError {
    return new RpcError(ErrorCode.INTERNAL, message);
  }

  /** The enum name without its prefix, e.g. `NOT_FOUND` — also the GraphQL `extensions.code`. */
  get codeName(): string {
    return ErrorCode[this.code] ?? 'INTERNAL';
  }

  encode(): Uint8Array {
    return toBinary(
      RpcErrorSchema,
      create(RpcErrorSchema, {
        code: this.code,
        message: this.message,
        violations: this.violations.map((v) => ({ field: v.field, message: v.message })),
        reason: this.reason.reason,
      }),
    );
  }

  static decode(bytes: Uint8Array): RpcError {
    try {
      const e = fromBinary(RpcErrorSchema, bytes);
      const code = ErrorCode[e.code] && e.code !== ErrorCode.UNSPECIFIED ? e.code : ErrorCode.INTERNAL;
      return new RpcError(
        code,
        e.message || 'Error.',
        e.violations.map((v: FieldViolation) => ({ field: v.field, message: v.message })),
        reasonOf(e.reason, code),
      );
    } catch {
      return RpcError.of(CommonReason.INTERNAL, 'A service sent an unreadable error.');
    }
  }
}

/**
 * The reason a peer sent: the catalogue's when it knows the name and the code matches; a name it does not know
 * yet (a newer peer) is kept, with the code's generic messages; none (an older peer) is the code's generic one.
 */
function reasonOf(name: string, code: ErrorCode): ErrorReason {
  if (!name) return genericReasonOf(code);
  const known = errorReasonNamed(name);
  if (known) return known.code === code ? known : genericReasonOf(code);
  return { ...genericReasonOf(code), reason: name };
}
