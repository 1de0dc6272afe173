import { SetMetadata } from '@nestjs/common';
import type { Role } from '@yiti/auth';

export const AUTHORIZE_METADATA = 'yiti:authorize';

/**
 * Declares who may call a resolver: `@Authorize()` any authenticated user, `@Authorize('directory-admin')`
 * only holders of one of the roles. Every query and mutation must say it — the guard refuses a resolver
 * without it, and a test fails on one.
 */
export function Authorize(...roles: Role[]): MethodDecorator {
  return SetMetadata(AUTHORIZE_METADATA, roles);
}

export const PUBLIC_METADATA = 'yiti:public';

/** An HTTP endpoint anyone may call without a token (the health probes). */
export function PublicEndpoint(): MethodDecorator {
  return SetMetadata(PUBLIC_METADATA, true);
}
