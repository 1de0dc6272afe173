import Keycloak from 'keycloak-connect';
import type { ServiceConfig } from '@yiti/config';
import { isRole, type Principal } from './roles.js';

export interface TokenVerifierOptions {
  /** Keycloak base URL, e.g. http://127.0.0.1:8080 (realm URL is `<url>/realms/<realm>`). */
  keycloakUrl: string;
  realm: string;
  /** Client id that must appear in `aud`. */
  audience: string;
  /** Refuse tokens issued longer ago than this, even if `exp` is later. */
  maxAgeSeconds: number;
  clockSkewSeconds: number;
}

/** Why a token was refused. Callers turn it into UNAUTHENTICATED; the reason is for logs only. */
export class TokenRejectedError extends Error {
  constructor(readonly reason: string) {
    super(`token rejected: ${reason}`);
    this.name = 'TokenRejectedError';
  }
}

const MAX_TOKEN_LENGTH = 16 * 1024;
const JWKS_TIMEOUT_MS = 3000;
/** A token with an unknown kid triggers at most one JWKS refresh per this many seconds (key rotation). */
const JWKS_REFRESH_SECONDS = 10;
const ORG_CODE = /^[a-z][a-z-]*-[0-9]{6}$/;

interface KeycloakToken {
  content: Record<string, unknown>;
  header: Record<string, unknown>;
}
interface GrantManager {
  createGrant(raw: object): Promise<{ access_token?: KeycloakToken }>;
  rotation: {
    jwks: Array<Record<string, unknown>>;
    lastTimeRequesTime: number;
  };
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Validates Keycloak access tokens with keycloak-connect's grant manager (bearer-only, audience verification
 * on: signature against the realm JWKS, `exp`, `typ: Bearer`, `iss`, `aud`) and adds what it does not check:
 * the `alg` header (RS256 only), `nbf`, `iat` not in the future and not older than the allowed age, and the
 * claims Yiti relies on (`sub`, `azp`, `org`, known realm roles). The gateway and every service use this same
 * class, so a token forged onto NATS is refused by the service itself.
 */
export class TokenVerifier {
  private readonly grantManager: GrantManager;
  private lastRefreshAttempt = 0;

  constructor(
    private readonly options: TokenVerifierOptions,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {
    const keycloak = new Keycloak({}, {
      realm: options.realm,
      'auth-server-url': options.keycloakUrl.replace(/\/+$/, ''),
      resource: options.audience,
      'bearer-only': true,
      'verify-token-audience': true,
      'confidential-port': 0,
      'ssl-required': 'external',
      // keycloak-connect refetches the JWKS for an unknown `kid` at most this often (seconds).
      'min-time-between-jwks-requests': 10,
    } as unknown as Keycloak.KeycloakConfig);
    this.grantManager = keycloak.grantManager as unknown as GrantManager;
  }

  get issuer(): string {
    return `${this.options.keycloakUrl.replace(/\/+$/, '')}/realms/${this.options.realm}`;
  }

  /**
   * Loads the realm's signing keys before the first request. Retries until `timeoutMs` so a process may
   * start just before the identity provider.
   */
  async warm(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        return await this.loadKeys();
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    throw new Error(`could not load signing keys from ${this.jwksUrl}: ${String(lastError)}`);
  }

  private get jwksUrl(): string {
    return `${this.issuer}/protocol/openid-connect/certs`;
  }

  /**
   * Fetches the JWKS with a timeout and hands it to keycloak-connect's key cache. keycloak-connect would
   * fetch it itself for every unknown `kid` (no timeout, a crash on a non-JSON body, no back-off after a
   * failure); we only ever let it find keys already cached.
   */
  private async loadKeys(): Promise<number> {
    const res = await fetch(this.jwksUrl, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`JWKS answered ${res.status}`);
    const body = (await res.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error('JWKS has no keys');
    const keys = body.keys.filter(
      (k): k is Record<string, unknown> =>
        !!k && typeof k === 'object' && (k as { kty?: unknown }).kty === 'RSA',
    );
    this.grantManager.rotation.jwks = keys;
    this.grantManager.rotation.lastTimeRequesTime = Date.now() / 1000;
    return keys.length;
  }

  /** Known kid, or one refresh of the key set (at most every JWKS_REFRESH_SECONDS, failures included). */
  private async knowsKid(kid: string): Promise<boolean> {
    const cached = () => this.grantManager.rotation.jwks.some((k) => k['kid'] === kid);
    if (cached()) return true;
    const now = Date.now() / 1000;
    if (now - this.lastRefreshAttempt < JWKS_REFRESH_SECONDS) return false;
    this.lastRefreshAttempt = now;
    await this.loadKeys().catch(() => undefined);
    return cached();
  }

  async verify(raw: string | undefined | null): Promise<Principal> {
    if (!raw) throw new TokenRejectedError('missing');
    if (raw.length > MAX_TOKEN_LENGTH) throw new TokenRejectedError('too long');
    const parts = raw.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
      throw new TokenRejectedError('malformed');
    }
    const header = decodeSegment(parts[0]!);
    if (!header || !decodeSegment(parts[1]!)) throw new TokenRejectedError('malformed');
    if (header['alg'] !== 'RS256') throw new TokenRejectedError(`alg ${String(header['alg'])} not allowed`);
    if (typeof header['kid'] !== 'string') throw new TokenRejectedError('no kid');
    if (!(await this.knowsKid(header['kid']))) throw new TokenRejectedError('unknown kid');

    let content: Record<string, unknown>;
    try {
      const grant = await this.grantManager.createGrant({ access_token: raw });
      if (!grant.access_token) throw new Error('no access token');
      content = grant.access_token.content;
    } catch (err) {
      throw new TokenRejectedError(err instanceof Error ? err.message : String(err));
    }
    return this.checkClaims(content);
  }

  private checkClaims(c: Record<string, unknown>): Principal {
    const now = this.now();
    const skew = this.options.clockSkewSeconds;
    const num = (k: string) => (typeof c[k] === 'number' ? (c[k] as number) : undefined);
    const str = (k: string) => (typeof c[k] === 'string' && c[k] !== '' ? (c[k] as string) : undefined);

    const nbf = num('nbf');
    if (nbf !== undefined && nbf > now + skew) throw new TokenRejectedError('not yet valid (nbf)');
    const iat = num('iat');
    if (iat === undefined) throw new TokenRejectedError('no iat');
    if (iat > now + skew) throw new TokenRejectedError('issued in the future');
    if (now - iat > this.options.maxAgeSeconds) throw new TokenRejectedError('too old');
    const exp = num('exp');
    if (exp === undefined) throw new TokenRejectedError('no exp');
    if (c['typ'] !== 'Bearer') throw new TokenRejectedError('not an access token');

    const subject = str('sub');
    const username = str('preferred_username');
    const client = str('azp');
    const org = str('org');
    if (!subject || !username || !client) throw new TokenRejectedError('missing sub/preferred_username/azp');
    if (!org || !ORG_CODE.test(org)) throw new TokenRejectedError('missing or malformed org claim');
    const realmAccess = c['realm_access'];
    const rawRoles =
      realmAccess &&
      typeof realmAccess === 'object' &&
      Array.isArray((realmAccess as { roles?: unknown }).roles)
        ? ((realmAccess as { roles: unknown[] }).roles as unknown[])
        : [];
    return { subject, username, org, client, roles: rawRoles.filter(isRole), expiresAt: exp };
  }
}

/** `Authorization: Bearer <token>` → token, or undefined. */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+([^\s]+)\s*$/i.exec(header);
  return match?.[1];
}

/** The verifier every gateway and service builds from its configuration. */
export function tokenVerifierFor(config: ServiceConfig): TokenVerifier {
  return new TokenVerifier({
    keycloakUrl: config.KEYCLOAK_URL,
    realm: config.KEYCLOAK_REALM,
    audience: config.KEYCLOAK_AUDIENCE,
    maxAgeSeconds: config.TOKEN_MAX_AGE_SECONDS,
    clockSkewSeconds: config.TOKEN_CLOCK_SKEW_SECONDS,
  });
}
