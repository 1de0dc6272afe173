import type { RpcCall } from '@yiti/messaging';
import { decodeJwt } from 'jose';
import type { AuditCaller, AuditEntry } from './audit-canonical.js';

/** How far an entry's time may lie outside its token's validity (the token check tolerates 30 s of skew). */
export const CALLER_TIME_SLACK_SECONDS = 120;

/**
 * The caller an audit entry is bound to: the claims of the bearer token the RPC server verified for this call
 * (signature, issuer, audience, expiry: libs/auth), reduced to who and which token. The token itself is not
 * stored: until it expires it is a credential.
 */
export function auditCaller(call: RpcCall): AuditCaller {
  const claims = decodeJwt(call.token);
  const p = call.principal;
  // The principal was made from these very claims; a mismatch means the call was not built by the RPC server.
  if (claims.sub !== p.subject) throw new Error('audit caller: the token does not belong to the principal');
  return {
    iss: claims.iss ?? '',
    sub: p.subject,
    jti: claims.jti ?? null,
    azp: p.client,
    username: p.username,
    org: p.org,
    iat: claims.iat ?? null,
    exp: p.expiresAt,
  };
}

/**
 * Why an entry's recorded caller is inconsistent with the entry, or null when it is consistent: the claims name
 * the entry's actor and organization, and the entry was written while the token was valid. This catches an
 * entry moved to another user's name by editing `actor` alone; it cannot tell a forger who invents a complete,
 * consistent set of claims (that needs the issuer's token log, by `jti`) — see docs/security.md.
 */
export function callerProblem(entry: AuditEntry, issuers?: ReadonlySet<string>): string | null {
  const c = entry.caller;
  if (!c) return null;
  if (c.username !== entry.actor) return `caller ${c.username} is not the actor ${entry.actor}`;
  if (c.org !== entry.actorOrg) return `caller org ${c.org} is not the actor's ${entry.actorOrg}`;
  if (issuers && !issuers.has(c.iss)) return `caller token issuer ${c.iss} is not a trusted issuer`;
  const at = entry.at.getTime() / 1000;
  if (c.iat !== null && at < c.iat - CALLER_TIME_SLACK_SECONDS) return 'entry older than its token';
  if (at > c.exp + CALLER_TIME_SLACK_SECONDS) return 'entry written after its token expired';
  return null;
}
