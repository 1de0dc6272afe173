import { createHash, timingSafeEqual } from 'node:crypto';
import type { DevIdpContext } from './context.js';
import { basicCredentials, invalidRequest, OAuthError, type Params } from './http-util.js';
import { findUser, type RealmClient, type RealmUser } from './realm.js';

function sameSecret(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/**
 * Checks a username/password against the realm, applying brute-force protection. Returns undefined for an
 * unknown user, a wrong password, a disabled account or a locked one alike, as Keycloak does.
 */
export function authenticateUser(ctx: DevIdpContext, login: string, password: string): RealmUser | undefined {
  const user = findUser(ctx.realm, login);
  if (!user) {
    ctx.logger.event('info', 'login failed', { reason: 'user_not_found' });
    return undefined;
  }
  if (ctx.bruteForce.isLocked(user.id)) {
    ctx.logger.event('warn', 'login refused', {
      username: user.username,
      reason: 'user_temporarily_disabled',
    });
    return undefined;
  }
  if (!user.enabled) {
    ctx.logger.event('info', 'login failed', { username: user.username, reason: 'user_disabled' });
    return undefined;
  }
  if (user.password === undefined || !sameSecret(user.password, password)) {
    const locked = ctx.bruteForce.recordFailure(user.id);
    ctx.logger.event(locked ? 'warn' : 'info', locked ? 'user temporarily locked' : 'login failed', {
      username: user.username,
      reason: 'invalid_user_credentials',
    });
    return undefined;
  }
  ctx.bruteForce.recordSuccess(user.id);
  ctx.logger.event('info', 'login', { username: user.username });
  return user;
}

/** Looks up a client by id for browser flows: unknown or disabled clients are undefined. */
export function activeClient(ctx: DevIdpContext, clientId: string | undefined): RealmClient | undefined {
  const client = clientId ? ctx.realm.clients.get(clientId) : undefined;
  return client?.enabled ? client : undefined;
}

/**
 * Token-endpoint client authentication, with Keycloak's answers: public clients name themselves, confidential
 * ones prove a secret (Basic or form), bearer-only clients may not use the endpoint at all.
 */
export function authenticateClient(ctx: DevIdpContext, params: Params, authorization?: string): RealmClient {
  const basic = basicCredentials(authorization);
  const formId = params.get('client_id');
  if (basic && formId && basic.id !== formId)
    throw invalidRequest('client_id does not match the credentials');
  const clientId = basic?.id ?? formId;
  if (!clientId) throw new OAuthError(401, 'invalid_client', 'Missing parameter: client_id');
  const client = activeClient(ctx, clientId);
  if (!client) throw new OAuthError(401, 'invalid_client', 'Invalid client or Inactive client');
  if (client.bearerOnly) throw new OAuthError(400, 'invalid_client', 'Bearer-only not allowed');
  if (!client.publicClient) {
    const secret = basic?.secret ?? params.get('client_secret');
    if (secret === undefined) throw new OAuthError(401, 'unauthorized_client', 'Invalid client credentials');
    if (!client.secret || !sameSecret(client.secret, secret)) {
      throw new OAuthError(401, 'unauthorized_client', 'Invalid client or Invalid client credentials');
    }
  }
  return client;
}
