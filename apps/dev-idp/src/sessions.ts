import { randomBytes, randomUUID } from 'node:crypto';

/** A user session (Keycloak's SSO session): what `sid`/`session_state` name and refresh tokens hang on. */
export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly clientId: string;
  /** Seconds since the epoch of the login that opened the session. */
  readonly authTime: number;
  lastRefresh: number;
}

/** A pending authorization code: single use, short-lived, bound to client, redirect URI and PKCE challenge. */
export interface AuthorizationCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge?: string;
  readonly sessionId: string;
  readonly scope: string;
  readonly nonce?: string;
  readonly expiresAt: number;
}

/** In-memory sessions and codes; a restart logs everyone out, which is what a development provider wants. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(
    private readonly idleSeconds: number,
    private readonly maxSeconds: number,
    private readonly nowSeconds: () => number,
  ) {}

  open(userId: string, clientId: string): Session {
    const now = this.nowSeconds();
    this.sweep(now);
    const session: Session = { id: randomUUID(), userId, clientId, authTime: now, lastRefresh: now };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session if it is neither idle-expired nor past its maximum lifespan. */
  active(id: unknown): Session | undefined {
    if (typeof id !== 'string') return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.nowSeconds();
    if (now >= this.expiresAt(session)) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** When a refresh token issued now for this session stops working: idle timeout, capped by max lifespan. */
  expiresAt(session: Session): number {
    return Math.min(session.lastRefresh + this.idleSeconds, session.authTime + this.maxSeconds);
  }

  touch(session: Session): void {
    session.lastRefresh = this.nowSeconds();
  }

  close(id: unknown): boolean {
    return typeof id === 'string' && this.sessions.delete(id);
  }

  issueCode(code: Omit<AuthorizationCode, 'expiresAt'>, lifetimeSeconds: number): string {
    const now = this.nowSeconds();
    this.sweep(now);
    const value = randomBytes(32).toString('base64url');
    this.codes.set(value, { ...code, expiresAt: now + lifetimeSeconds });
    return value;
  }

  /** Takes a code out of the store: every code is usable once, whether or not the exchange then succeeds. */
  redeemCode(value: string): AuthorizationCode | undefined {
    const code = this.codes.get(value);
    if (!code) return undefined;
    this.codes.delete(value);
    return code.expiresAt > this.nowSeconds() ? code : undefined;
  }

  private sweep(now: number): void {
    for (const [k, c] of this.codes) if (c.expiresAt <= now) this.codes.delete(k);
    if (this.sessions.size < 1000) return;
    for (const [k, s] of this.sessions) if (now >= this.expiresAt(s)) this.sessions.delete(k);
  }
}
