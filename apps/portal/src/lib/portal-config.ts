/** What the gateway tells the portal at `/portal-config.json` (apps/gateway/src/portal/portal-site.ts). */
export interface PortalConfig {
  /** The OpenID Connect issuer: the dev IdP's or Keycloak's realm URL. */
  readonly authority: string;
  readonly clientId: string;
}

export async function loadPortalConfig(): Promise<PortalConfig> {
  const res = await fetch('/portal-config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/portal-config.json answered ${res.status}`);
  const body = (await res.json()) as Partial<PortalConfig>;
  if (typeof body.authority !== 'string' || typeof body.clientId !== 'string') {
    throw new Error('/portal-config.json lacks authority or clientId');
  }
  return { authority: body.authority, clientId: body.clientId };
}
