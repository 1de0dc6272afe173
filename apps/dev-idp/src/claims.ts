import { createHash, randomUUID } from 'node:crypto';
import type { DevIdpContext } from './context.js';
import type { ProtocolMapper, RealmClient, RealmUser } from './realm.js';
import type { Session } from './sessions.js';

export type TokenKind = 'access' | 'id' | 'userinfo';

const FLAG: Record<TokenKind, string> = {
  access: 'access.token.claim',
  id: 'id.token.claim',
  userinfo: 'userinfo.token.claim',
};

/** Keycloak's defaults when a mapper does not say: into the access token yes; userinfo follows the ID token. */
function includedIn(mapper: ProtocolMapper, kind: TokenKind): boolean {
  const flag = mapper.config[FLAG[kind]];
  if (flag !== undefined) return flag === 'true';
  if (kind === 'access') return true;
  if (kind === 'userinfo') return mapper.config[FLAG.id] === 'true';
  return false;
}

/** Audiences added by the client's `oidc-audience-mapper`s. */
export function mappedAudiences(client: RealmClient, kind: TokenKind): string[] {
  const out: string[] = [];
  for (const m of client.protocolMappers) {
    if (m.protocolMapper !== 'oidc-audience-mapper' || !includedIn(m, kind)) continue;
    const aud = m.config['included.client.audience'] || m.config['included.custom.audience'];
    if (aud && !out.includes(aud)) out.push(aud);
  }
  return out;
}

function convert(value: string, jsonType: string | undefined): unknown {
  switch (jsonType) {
    case 'long':
    case 'int': {
      const n = Number(value);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return value === 'true';
    case 'JSON':
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return undefined;
      }
    default:
      return value;
  }
}

/** Sets `a.b.c` (Keycloak's nested claim names; `\.` escapes a literal dot). */
function setClaim(target: Record<string, unknown>, claimName: string, value: unknown): void {
  const path = claimName.split(/(?<!\\)\./).map((p) => p.replaceAll('\\.', '.'));
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      node = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  node[path[path.length - 1]!] = value;
}

/** Claims added by the client's user-attribute and hardcoded-claim mappers. */
export function mappedClaims(client: RealmClient, user: RealmUser, kind: TokenKind): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const m of client.protocolMappers) {
    if (!includedIn(m, kind)) continue;
    const claimName = m.config['claim.name'];
    if (!claimName) continue;
    const jsonType = m.config['jsonType.label'];
    if (m.protocolMapper === 'oidc-usermodel-attribute-mapper') {
      const values = user.attributes[m.config['user.attribute'] ?? ''] ?? [];
      if (values.length === 0) continue;
      const converted = values.map((v) => convert(v, jsonType)).filter((v) => v !== undefined);
      if (converted.length === 0) continue;
      setClaim(claims, claimName, m.config['multivalued'] === 'true' ? converted : converted[0]);
    } else if (m.protocolMapper === 'oidc-hardcoded-claim-mapper') {
      const value = convert(m.config['claim.value'] ?? '', jsonType);
      if (value !== undefined) setClaim(claims, claimName, value);
    }
  }
  return claims;
}

/** The `profile` and `email` scope claims, named and composed as Keycloak's built-in mappers do. */
export function profileClaims(user: RealmUser): Record<string, unknown> {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return {
    email_verified: user.emailVerified,
    ...(name ? { name } : {}),
    preferred_username: user.username,
    ...(user.firstName ? { given_name: user.firstName } : {}),
    ...(user.lastName ? { family_name: user.lastName } : {}),
    ...(user.email ? { email: user.email } : {}),
  };
}

/** Keycloak always grants the default scopes `profile` and `email`; `openid` only when asked for. */
export function grantedScope(requested: string | undefined): string {
  const asked = new Set((requested ?? '').split(' ').filter(Boolean));
  return [...(asked.has('openid') ? ['openid'] : []), 'profile', 'email'].join(' ');
}

export interface Grant {
  readonly user: RealmUser;
  readonly client: RealmClient;
  readonly session: Session;
  readonly scope: string;
  readonly nonce?: string;
}

/** The token endpoint's answer for a grant, in Keycloak's shape. */
export async function issueTokens(ctx: DevIdpContext, grant: Grant): Promise<Record<string, unknown>> {
  const { user, client, session, scope } = grant;
  const now = ctx.nowSeconds();
  const lifespan = ctx.realm.accessTokenLifespan;
  const common = { iss: ctx.issuer, sub: user.id, azp: client.clientId };
  const accessToken = await ctx.keys.sign({
    exp: now + lifespan,
    iat: now,
    auth_time: session.authTime,
    jti: randomUUID(),
    iss: ctx.issuer,
    aud: mappedAudiences(client, 'access'),
    sub: user.id,
    typ: 'Bearer',
    azp: client.clientId,
    sid: session.id,
    session_state: session.id,
    acr: '1',
    realm_access: { roles: [...user.realmRoles] },
    scope,
    ...profileClaims(user),
    ...mappedClaims(client, user, 'access'),
  });
  const refreshExp = ctx.sessions.expiresAt(session);
  const refreshToken = await ctx.keys.sign({
    exp: refreshExp,
    iat: now,
    jti: randomUUID(),
    aud: ctx.issuer,
    typ: 'Refresh',
    ...common,
    sid: session.id,
    session_state: session.id,
    scope,
  });
  const response: Record<string, unknown> = {
    access_token: accessToken,
    expires_in: lifespan,
    refresh_expires_in: Math.max(0, refreshExp - now),
    refresh_token: refreshToken,
    token_type: 'Bearer',
  };
  if (scope.split(' ').includes('openid')) {
    const digest = createHash('sha256').update(accessToken).digest();
    response['id_token'] = await ctx.keys.sign({
      exp: now + lifespan,
      iat: now,
      auth_time: session.authTime,
      jti: randomUUID(),
      iss: ctx.issuer,
      aud: client.clientId,
      sub: user.id,
      typ: 'ID',
      azp: client.clientId,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      sid: session.id,
      at_hash: digest.subarray(0, digest.length / 2).toString('base64url'),
      acr: '1',
      ...profileClaims(user),
      ...mappedClaims(client, user, 'id'),
    });
  }
  response['not-before-policy'] = 0;
  response['session_state'] = session.id;
  response['scope'] = scope;
  return response;
}
