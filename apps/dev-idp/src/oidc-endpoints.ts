import type { IncomingMessage, ServerResponse } from 'node:http';
import { activeClient, authenticateClient } from './authenticate.js';
import { mappedClaims, profileClaims } from './claims.js';
import type { DevIdpContext } from './context.js';
import {
  bearerToken,
  invalidRequest,
  OAuthError,
  readForm,
  redirect,
  sendJson,
  type Params,
} from './http-util.js';
import { findUserById, matchesRedirectPattern } from './realm.js';

const OIDC = '/protocol/openid-connect';

/** `GET /realms/{realm}/.well-known/openid-configuration`, with Keycloak's endpoint layout. */
export function handleDiscovery(ctx: DevIdpContext, res: ServerResponse): void {
  const base = ctx.issuer + OIDC;
  sendJson(res, 200, {
    issuer: ctx.issuer,
    authorization_endpoint: `${base}/auth`,
    token_endpoint: `${base}/token`,
    userinfo_endpoint: `${base}/userinfo`,
    end_session_endpoint: `${base}/logout`,
    jwks_uri: `${base}/certs`,
    grant_types_supported: ['authorization_code', 'password', 'refresh_token'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    userinfo_signing_alg_values_supported: ['none'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'profile', 'email'],
    claims_supported: [
      'iss',
      'sub',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'name',
      'given_name',
      'family_name',
      'preferred_username',
      'email',
      'email_verified',
      'acr',
    ],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    frontchannel_logout_supported: false,
    backchannel_logout_supported: false,
  });
}

/** `GET /realms/{realm}/protocol/openid-connect/certs`. */
export function handleCerts(ctx: DevIdpContext, res: ServerResponse): void {
  sendJson(res, 200, ctx.keys.jwks(), { 'Cache-Control': 'no-cache' });
}

/** `GET /realms/{realm}`: Keycloak's realm summary, which some adapters read for the public key. */
export function handleRealmInfo(ctx: DevIdpContext, res: ServerResponse): void {
  sendJson(res, 200, {
    realm: ctx.realm.name,
    public_key: ctx.keys.publicKeyBase64(),
    'token-service': ctx.issuer + OIDC,
    'account-service': `${ctx.issuer}/account`,
    'tokens-not-before': 0,
  });
}

/** `GET|POST /realms/{realm}/protocol/openid-connect/userinfo` with a bearer access token. */
export async function handleUserinfo(
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const unauthorized = (description: string): void =>
    sendJson(
      res,
      401,
      { error: 'invalid_token', error_description: description },
      { 'WWW-Authenticate': `Bearer realm="${ctx.realm.name}", error="invalid_token"` },
    );
  const token = bearerToken(req.headers.authorization);
  if (!token) return unauthorized('Token not provided');
  const payload = await ctx.keys.verify(token, {
    issuer: ctx.issuer,
    typ: 'Bearer',
    nowSeconds: ctx.nowSeconds(),
  });
  if (!payload?.sub) return unauthorized('Token verification failed');
  const session = ctx.sessions.active(payload['sid']);
  const user = findUserById(ctx.realm, payload.sub);
  const client = activeClient(ctx, typeof payload['azp'] === 'string' ? payload['azp'] : undefined);
  if (!session || !user?.enabled || !client)
    return unauthorized("User session not found or doesn't have client attached on it");
  sendJson(res, 200, { sub: user.id, ...profileClaims(user), ...mappedClaims(client, user, 'userinfo') });
}

async function logoutParams(req: IncomingMessage, query: Params): Promise<Params> {
  if (req.method !== 'POST' || req.headers['content-type'] === undefined) return query;
  const form = await readForm(req);
  return new Map([...query, ...form]);
}

/**
 * `GET|POST /realms/{realm}/protocol/openid-connect/logout`: ends the session named by a refresh token (the
 * REST logout of Keycloak adapters) or by `id_token_hint` (RP-initiated logout), then answers 204 or redirects
 * to an allowed `post_logout_redirect_uri`.
 */
export async function handleLogout(
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: Params,
): Promise<void> {
  const params = await logoutParams(req, query);
  const nowSeconds = ctx.nowSeconds();
  const refreshToken = params.get('refresh_token');
  if (refreshToken !== undefined) {
    const client = authenticateClient(ctx, params, req.headers.authorization);
    const payload = await ctx.keys.verify(refreshToken, { issuer: ctx.issuer, typ: 'Refresh', nowSeconds });
    if (!payload || payload['azp'] !== client.clientId) {
      throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token');
    }
    ctx.sessions.close(payload['sid']);
    res.writeHead(204).end();
    return;
  }
  let clientId = params.get('client_id');
  let sessionId: unknown;
  const hint = params.get('id_token_hint');
  if (hint !== undefined) {
    const payload = await ctx.keys.verify(hint, {
      issuer: ctx.issuer,
      typ: 'ID',
      allowExpired: true,
      nowSeconds,
    });
    if (!payload) throw invalidRequest('Invalid id_token_hint');
    const azp = payload['azp'];
    if (clientId !== undefined && clientId !== azp)
      throw invalidRequest('Parameter client_id different than the one in id_token_hint');
    clientId = typeof azp === 'string' ? azp : undefined;
    sessionId = payload['sid'];
  }
  const postLogout = params.get('post_logout_redirect_uri');
  if (postLogout !== undefined) {
    const client = activeClient(ctx, clientId);
    if (!client) throw invalidRequest('Either id_token_hint or client_id parameter is required');
    if (!matchesRedirectPattern(client.postLogoutRedirectUris, postLogout)) {
      throw invalidRequest('Invalid redirect uri');
    }
    ctx.sessions.close(sessionId);
    const url = new URL(postLogout);
    const state = params.get('state');
    if (state !== undefined) url.searchParams.append('state', state);
    return redirect(res, url.href);
  }
  ctx.sessions.close(sessionId);
  res.writeHead(204).end();
}
