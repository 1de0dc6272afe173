import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ErrorCode, RpcErrorSchema, type FieldViolation } from '@yiti/contracts';

export { ErrorCode };

/** Header that marks a reply as an error; the body is a `yiti.common.v1.RpcError`. */
export const ERROR_HEADER = 'Yiti-Error';

export interface Violation {
  field: string;
  message: string;
}

/**
 * A typed error that crosses NATS: a code from the closed `ErrorCode` enum, a message safe to show a caller
 * and, for bad input, the fields at fault. Anything else thrown in a handler becomes INTERNAL, logged with
 * its stack on the service side and never sent.
 */
export class RpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly violations: readonly Violation[] = [],
  ) {
    super(message);
    this.name = 'RpcError';
  }

  static unauthenticated(message = 'A valid bearer token is required.'): RpcError {
    return new RpcError(ErrorCode.UNAUTHENTICATED, message);
  }
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
      );
    } catch {
      return RpcError.internal('A service sent an unreadable error.');
    }
  }
}
