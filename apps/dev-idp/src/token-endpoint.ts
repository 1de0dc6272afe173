import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateClient, authenticateUser } from './authenticate.js';
import { grantedScope, issueTokens } from './claims.js';
import type { DevIdpContext } from './context.js';
import { invalidRequest, OAuthError, readForm, sendJson, type Params } from './http-util.js';
import { isPkceValue, s256 } from './pkce.js';
import { findUserById, type RealmClient } from './realm.js';

const invalidGrant = (description: string, status = 400): OAuthError =>
  new OAuthError(status, 'invalid_grant', description);

async function passwordGrant(ctx: DevIdpContext, client: RealmClient, params: Params) {
  if (!client.directAccessGrantsEnabled) {
    throw new OAuthError(400, 'unauthorized_client', 'Client not allowed for direct access grants');
  }
  const username = params.get('username');
  if (!username) throw new OAuthError(401, 'invalid_request', 'Missing parameter: username');
  const user = authenticateUser(ctx, username, params.get('password') ?? '');
  if (!user) throw invalidGrant('Invalid user credentials', 401);
  const session = ctx.sessions.open(user.id, client.clientId);
  return issueTokens(ctx, { user, client, session, scope: grantedScope(params.get('scope')) });
}

async function refreshGrant(ctx: DevIdpContext, client: RealmClient, params: Params) {
  const token = params.get('refresh_token');
  if (!token) throw invalidRequest('No refresh token');
  const payload = await ctx.keys.verify(token, {
    issuer: ctx.issuer,
    typ: 'Refresh',
    nowSeconds: ctx.nowSeconds(),
  });
  if (!payload) throw invalidGrant('Invalid refresh token');
  if (payload['azp'] !== client.clientId) {
    throw invalidGrant("Invalid refresh token. Token client and authorized client don't match");
  }
  const session = ctx.sessions.active(payload['sid']);
  if (!session || session.userId !== payload.sub) throw invalidGrant('Session not active');
  const user = findUserById(ctx.realm, session.userId);
  if (!user?.enabled) throw invalidGrant('User disabled');
  ctx.sessions.touch(session);
  const scope = typeof payload['scope'] === 'string' ? payload['scope'] : grantedScope(undefined);
  return issueTokens(ctx, { user, client, session, scope });
}

async function authorizationCodeGrant(ctx: DevIdpContext, client: RealmClient, params: Params) {
  if (!client.standardFlowEnabled) {
    throw new OAuthError(400, 'unauthorized_client', 'Client not allowed to exchange code');
  }
  const value = params.get('code');
  if (!value) throw invalidRequest('Missing parameter: code');
  const code = ctx.sessions.redeemCode(value);
  if (!code) throw invalidGrant('Code not valid');
  if (code.clientId !== client.clientId) throw invalidGrant('Auth error');
  if (params.get('redirect_uri') !== code.redirectUri) throw invalidGrant('Incorrect redirect_uri');
  if (code.codeChallenge !== undefined) {
    const verifier = params.get('code_verifier');
    if (!verifier) throw invalidGrant('PKCE code verifier not specified');
    if (!isPkceValue(verifier)) throw invalidGrant('PKCE verification failed: Invalid code verifier');
    if (s256(verifier) !== code.codeChallenge) throw invalidGrant('PKCE verification failed: Code mismatch');
  }
  const session = ctx.sessions.active(code.sessionId);
  if (!session) throw invalidGrant('Session not active');
  const user = findUserById(ctx.realm, session.userId);
  if (!user?.enabled) throw invalidGrant('User disabled');
  return issueTokens(ctx, {
    user,
    client,
    session,
    scope: code.scope,
    ...(code.nonce ? { nonce: code.nonce } : {}),
  });
}

/** `POST /realms/{realm}/protocol/openid-connect/token`. */
export async function handleToken(
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const params = await readForm(req);
  const grantType = params.get('grant_type');
  if (!grantType) throw invalidRequest('Missing form parameter: grant_type');
  const client = authenticateClient(ctx, params, req.headers.authorization);
  let body: Record<string, unknown>;
  switch (grantType) {
    case 'password':
      body = await passwordGrant(ctx, client, params);
      break;
    case 'refresh_token':
      body = await refreshGrant(ctx, client, params);
      break;
    case 'authorization_code':
      body = await authorizationCodeGrant(ctx, client, params);
      break;
    default:
      throw new OAuthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
  }
  sendJson(res, 200, body);
}
