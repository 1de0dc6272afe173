import { hasAnyRole, type Role } from '@yiti/auth';
import { CommonReason } from '@yiti/contracts';
import type { RpcCall } from './nats-rpc.server.js';
import { RpcError } from './rpc-error.js';

/** Refuses the call with FORBIDDEN unless the verified caller holds one of `roles`. */
export function requireRole(call: RpcCall, ...roles: Role[]): void {
  if (!hasAnyRole(call.principal, roles)) {
    throw RpcError.of(CommonReason.MISSING_ROLE, `This needs one of the roles: ${roles.join(', ')}.`);
  }
}
