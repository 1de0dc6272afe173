import { UnauthorizedException } from '@nestjs/common';
import { bearerToken, TokenRejectedError, type TokenVerifier } from '@yiti/auth';
import { currentRequestContext, type JsonLogger } from '@yiti/logging';
import type { Caller } from './caller.js';

/**
 * `Authorization: Bearer <token>` → the verified caller (keycloak-connect plus the checks it lacks — see
 * TokenVerifier). A refused token is logged with its reason and becomes UnauthorizedException, whose message
 * says nothing about why. The one verification of the gateway: the AuthGuard runs it once per HTTP request,
 * the WebSocket server once per connection.
 */
export async function verifyCaller(
  verifier: TokenVerifier,
  logger: JsonLogger,
  authorization: string | undefined,
): Promise<Caller> {
  const token = bearerToken(authorization);
  try {
    const principal = await verifier.verify(token);
    const ctx = currentRequestContext();
    if (ctx) Object.assign(ctx, { user: principal.username, org: principal.org });
    return { principal, token: token! };
  } catch (err) {
    if (err instanceof TokenRejectedError) {
      logger.event('warn', 'token rejected', { reason: err.reason });
      throw new UnauthorizedException('A valid bearer token is required.');
    }
    throw err;
  }
}
