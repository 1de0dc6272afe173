/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface LoginPageModel {
  readonly realmName: string;
  readonly action: string;
  /** The authorization request, carried through the form as hidden fields. */
  readonly hidden: ReadonlyMap<string, string>;
  readonly username?: string;
  readonly error?: string;
}

/** The login form of the development provider: no scripts, no external resources. */
export function renderLoginPage(model: LoginPageModel): string {
  const hidden = [...model.hidden]
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n      ');
  const error = model.error ? `<p class="error" role="alert">${escapeHtml(model.error)}</p>` : '';
  return `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Sign in to ${escapeHtml(model.realmName)}</title>
    <style>
      body { font-family: system-ui, sans-serif; background: #f3f4f6; display: flex; justify-content: center; }
      main { background: #fff; margin-top: 10vh; padding: 2rem; border-radius: 8px; min-width: 20rem; }
      label { display: block; margin-top: 1rem; }
      input[type=text], input[type=password] { width: 100%; padding: .5rem; box-sizing: border-box; }
      button { margin-top: 1.5rem; width: 100%; padding: .6rem; }
      .error { color: #b91c1c; }
      .note { color: #6b7280; font-size: .85rem; }
    </style>
  </head>
  <body>
    <main>
      <h1>${escapeHtml(model.realmName)}</h1>
      <p class="note">Development identity provider — demonstration accounts only.</p>
      ${error}
      <form method="post" action="${escapeHtml(model.action)}">
      ${hidden}
        <label for="username">Username or email</label>
        <input id="username" name="username" type="text" autocomplete="username" autofocus
          value="${escapeHtml(model.username ?? '')}">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password">
        <button type="submit">Sign in</button>
      </form>
    </main>
  </body>
</html>
`;
}

/** A plain error page for requests that cannot be sent back to the client (bad client or redirect URI). */
export function renderErrorPage(realmName: string, message: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>${escapeHtml(realmName)} — error</title></head>
  <body>
    <h1>We are sorry...</h1>
    <p>${escapeHtml(message)}</p>
  </body>
</html>
`;
}
