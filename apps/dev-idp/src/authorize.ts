import type { IncomingMessage, ServerResponse } from 'node:http';
import { activeClient, authenticateUser } from './authenticate.js';
import { grantedScope } from './claims.js';
import type { DevIdpContext } from './context.js';
import { readForm, redirect, sendHtml, type Params } from './http-util.js';
import { renderErrorPage, renderLoginPage } from './login-page.js';
import { isPkceValue } from './pkce.js';
import { matchesRedirectPattern, type RealmClient } from './realm.js';

/** The authorization request parameters the login form carries through as hidden fields. */
const CARRIED = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'scope',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'response_mode',
] as const;

const MAX_PARAM_LENGTH = 2048;

interface AuthRequest {
  readonly client: RealmClient;
  readonly redirectUri: string;
  readonly state?: string;
  readonly scope: string;
  readonly nonce?: string;
  readonly codeChallenge?: string;
}

type Validation =
  | { readonly ok: true; readonly request: AuthRequest }
  | { readonly ok: false; readonly page: string }
  | { readonly ok: false; readonly redirectTo: string };

function callbackUrl(
  ctx: DevIdpContext,
  redirectUri: string,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.append(k, v);
  url.searchParams.append('iss', ctx.issuer);
  return url.href;
}

/**
 * Checks an authorization request in the order OAuth requires: a bad client or redirect URI is shown to the
 * user (never redirected to); every other problem is reported to the client's redirect URI.
 */
function validate(ctx: DevIdpContext, params: Params): Validation {
  for (const [k, v] of params) {
    if (v.length > MAX_PARAM_LENGTH) return { ok: false, page: `Invalid parameter: ${k}` };
  }
  const client = activeClient(ctx, params.get('client_id'));
  if (!client) return { ok: false, page: 'Client not found.' };
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri || !matchesRedirectPattern(client.redirectUris, redirectUri)) {
    return { ok: false, page: 'Invalid parameter: redirect_uri' };
  }
  const state = params.get('state');
  const fail = (error: string, description: string): Validation => ({
    ok: false,
    redirectTo: callbackUrl(ctx, redirectUri, { error, error_description: description, state }),
  });
  const responseType = params.get('response_type');
  if (!responseType) return fail('invalid_request', 'Missing parameter: response_type');
  if (responseType !== 'code')
    return fail('unsupported_response_type', 'Only response_type=code is supported');
  if (!client.standardFlowEnabled)
    return fail('unauthorized_client', 'Client is not allowed to initiate browser login');
  const responseMode = params.get('response_mode');
  if (responseMode !== undefined && responseMode !== 'query') {
    return fail('invalid_request', 'Invalid parameter: response_mode');
  }
  const challenge = params.get('code_challenge');
  const method = params.get('code_challenge_method');
  if (challenge === undefined) {
    if (client.pkceMethod) return fail('invalid_request', 'Missing parameter: code_challenge');
  } else {
    if (method === undefined) return fail('invalid_request', 'Missing parameter: code_challenge_method');
    if (method !== 'S256') return fail('invalid_request', 'Invalid parameter: code_challenge_method');
    if (!isPkceValue(challenge)) return fail('invalid_request', 'Invalid parameter: code_challenge');
  }
  if (params.get('prompt') === 'none') return fail('login_required', 'No active session');
  const nonce = params.get('nonce');
  return {
    ok: true,
    request: {
      client,
      redirectUri,
      scope: grantedScope(params.get('scope')),
      ...(state !== undefined ? { state } : {}),
      ...(nonce ? { nonce } : {}),
      ...(challenge !== undefined ? { codeChallenge: challenge } : {}),
    },
  };
}

function authPath(ctx: DevIdpContext): string {
  return `/realms/${ctx.realm.name}/protocol/openid-connect/auth`;
}

function carried(params: Params): Map<string, string> {
  const hidden = new Map<string, string>();
  for (const key of CARRIED) {
    const v = params.get(key);
    if (v !== undefined) hidden.set(key, v);
  }
  return hidden;
}

function refuse(ctx: DevIdpContext, res: ServerResponse, v: Exclude<Validation, { ok: true }>): void {
  if ('redirectTo' in v) return redirect(res, v.redirectTo);
  ctx.logger.event('info', 'authorization request refused', { reason: v.page });
  sendHtml(res, 400, renderErrorPage(ctx.realm.displayName, v.page));
}

/** `GET /realms/{realm}/protocol/openid-connect/auth`: shows the login form. */
export function handleAuthorizeGet(ctx: DevIdpContext, query: Params, res: ServerResponse): void {
  const v = validate(ctx, query);
  if (!v.ok) return refuse(ctx, res, v);
  const loginHint = query.get('login_hint');
  sendHtml(
    res,
    200,
    renderLoginPage({
      realmName: ctx.realm.displayName,
      action: authPath(ctx),
      hidden: carried(query),
      ...(loginHint ? { username: loginHint } : {}),
    }),
  );
}

/** `POST` of the login form: on success redirects to the client with a single-use code. */
export async function handleAuthorizePost(
  ctx: DevIdpContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = await readForm(req);
  const v = validate(ctx, form);
  if (!v.ok) return refuse(ctx, res, v);
  const { client, redirectUri, state, scope, nonce, codeChallenge } = v.request;
  const username = form.get('username') ?? '';
  const user = authenticateUser(ctx, username, form.get('password') ?? '');
  if (!user) {
    return sendHtml(
      res,
      200,
      renderLoginPage({
        realmName: ctx.realm.displayName,
        action: authPath(ctx),
        hidden: carried(form),
        username,
        error: 'Invalid username or password.',
      }),
    );
  }
  const session = ctx.sessions.open(user.id, client.clientId);
  const code = ctx.sessions.issueCode(
    {
      clientId: client.clientId,
      redirectUri,
      sessionId: session.id,
      scope,
      ...(nonce ? { nonce } : {}),
      ...(codeChallenge !== undefined ? { codeChallenge } : {}),
    },
    ctx.realm.accessCodeLifespan,
  );
  redirect(res, callbackUrl(ctx, redirectUri, { state, session_state: session.id, code }));
}
