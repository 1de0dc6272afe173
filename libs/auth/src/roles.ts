/** Realm roles of the Keycloak realm `yiti` (deploy/keycloak/realm-export.json). */
export const ROLES = [
  'prosecutor',
  'chief-prosecutor',
  'police-liaison',
  'meeting-secretary',
  'records-auditor',
  'directory-admin',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The authenticated caller, as every service sees it after verifying the token itself. */
export interface Principal {
  /** Keycloak user id (`sub`). */
  readonly subject: string;
  readonly username: string;
  /** Organization code from the `org` claim, e.g. `proc-540522`. */
  readonly org: string;
  readonly roles: readonly Role[];
  /** The client that obtained the token (`azp`). */
  readonly client: string;
  /** Expiry, seconds since the epoch. */
  readonly expiresAt: number;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.some((r) => principal.roles.includes(r));
}
