import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { PortalConfig } from '../lib/portal-config';

/*
 * Sign-in with oidc-client-ts: authorization code + PKCE (S256) against the realm of `/portal-config.json`,
 * client `yiti-portal`. Tokens live in sessionStorage (gone with the tab). Silent renew uses the refresh token
 * before the access token expires; when renewal fails (the IdP session ended), `expired` turns true and the
 * shell asks the person to sign in again — forms keep what was typed (lib/persisted-form.ts).
 */

export const CALLBACK_PATH = '/auth/callback';

export function createUserManager(config: PortalConfig): UserManager {
  const origin = window.location.origin;
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: 'openid profile',
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

export interface Auth {
  readonly user: User;
  readonly expired: boolean;
  /** Sends the browser to the IdP's login page and back to where the person is now. */
  signIn(): Promise<void>;
  signOut(): Promise<void>;
  accessToken(): string;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}

/** Where the person was when the sign-in started, so the callback returns there. */
interface SignInState {
  readonly returnTo: string;
}

export async function signInRedirect(manager: UserManager): Promise<void> {
  const state: SignInState = { returnTo: window.location.pathname + window.location.search };
  await manager.signinRedirect({ state });
}

/** Completes the code exchange at the callback; returns the path to go back to. */
export async function completeSignIn(manager: UserManager): Promise<string> {
  const user = await manager.signinRedirectCallback();
  const returnTo = (user.state as SignInState | undefined)?.returnTo ?? '/';
  return returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
}

export function AuthProvider(props: { manager: UserManager; user: User; children: ReactNode }) {
  const { manager } = props;
  const [user, setUser] = useState(props.user);
  const [expired, setExpired] = useState(props.user.expired === true);
  useEffect(() => {
    const loaded = (u: User) => {
      setUser(u);
      setExpired(false);
    };
    const ended = () => setExpired(true);
    manager.events.addUserLoaded(loaded);
    manager.events.addAccessTokenExpired(ended);
    manager.events.addSilentRenewError(ended);
    manager.events.addUserSignedOut(ended);
    return () => {
      manager.events.removeUserLoaded(loaded);
      manager.events.removeAccessTokenExpired(ended);
      manager.events.removeSilentRenewError(ended);
      manager.events.removeUserSignedOut(ended);
    };
  }, [manager]);
  const auth = useMemo<Auth>(
    () => ({
      user,
      expired,
      signIn: () => signInRedirect(manager),
      signOut: async () => {
        await manager.signoutRedirect({ id_token_hint: user.id_token });
      },
      accessToken: () => user.access_token,
    }),
    [manager, user, expired],
  );
  return <AuthContext.Provider value={auth}>{props.children}</AuthContext.Provider>;
}
