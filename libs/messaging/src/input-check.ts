import { RpcError, type ErrorReason, type Violation } from './rpc-error.js';

/**
 * Collects field violations and throws one BAD_USER_INPUT naming them all — the service-side half of
 * "validate at the gateway and again in the service".
 */
export class InputCheck {
  private readonly violations: Violation[] = [];

  matches(field: string, value: string | undefined, pattern: RegExp, message: string): this {
    if (value !== undefined && !pattern.test(value)) this.violations.push({ field, message });
    return this;
  }

  required(field: string, value: string | undefined): this {
    if (value === undefined || value.trim() === '') this.violations.push({ field, message: 'is required' });
    return this;
  }

  maxLength(field: string, value: string | undefined, max: number): this {
    if (value !== undefined && value.length > max)
      this.violations.push({ field, message: `must be at most ${max} characters` });
    return this;
  }

  that(field: string, ok: boolean, message: string): this {
    if (!ok) this.violations.push({ field, message });
    return this;
  }

  /** Throws the violations found, as `reason` (a BAD_USER_INPUT one; the generic INVALID_INPUT when none). */
  done(reason?: ErrorReason): void {
    if (this.violations.length > 0) {
      const summary = this.violations.map((v) => `${v.field} ${v.message}`).join('; ');
      const message = `Invalid input: ${summary}.`;
      throw reason
        ? RpcError.of(reason, message, this.violations)
        : RpcError.badInput(message, this.violations);
    }
  }
}

export function inputCheck(): InputCheck {
  return new InputCheck();
}
