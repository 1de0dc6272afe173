import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { completeSignIn, CALLBACK_PATH, createUserManager, signInRedirect } from './auth/auth';
import { initI18n } from './i18n';
import { loadPortalConfig } from './lib/portal-config';
import './styles.css';

/*
 * Start: language, configuration, then the session. Without a session the browser goes straight to the IdP's
 * login page (the portal has nothing to show a stranger); the callback completes the code exchange and returns
 * to the page the person had asked for.
 */
async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const i18n = await initI18n();
  try {
    const config = await loadPortalConfig();
    const manager = createUserManager(config);
    if (window.location.pathname === CALLBACK_PATH) {
      const returnTo = await completeSignIn(manager);
      window.history.replaceState(null, '', returnTo);
    }
    let user = await manager.getUser();
    if (user?.expired) user = await manager.signinSilent().catch(() => null);
    if (!user) {
      await signInRedirect(manager);
      return;
    }
    root.render(<App manager={manager} user={user} i18n={i18n} />);
  } catch (err) {
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.style.cssText = 'font: 16px sans-serif; padding: 24px';
    p.textContent = `${i18n.t('start.failed')} (${err instanceof Error ? err.message : String(err)})`;
    document.getElementById('root')!.replaceChildren(p);
  }
}

void start();
