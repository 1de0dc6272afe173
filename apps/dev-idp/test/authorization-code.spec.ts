import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { startDevIdp, type RunningDevIdp } from '../src/dev-idp.server.js';
import {
  DEMO_PASSWORD,
  formAction,
  formBody,
  formFields,
  pkcePair,
  PORTAL,
  REDIRECT_URI,
  tokenUrl,
} from './helpers.js';

describe('dev-idp authorization code flow with PKCE', () => {
  let idp: RunningDevIdp;
  before(async () => {
    idp = await startDevIdp({ port: 0 });
  });
  after(() => idp.close());

  const authUrl = (params: Record<string, string>): string =>
    `${idp.issuer}/protocol/openid-connect/auth?${new URLSearchParams(params)}`;

  const request = (challenge: string, extra: Record<string, string> = {}): Record<string, string> => ({
    response_type: 'code',
    client_id: PORTAL,
    redirect_uri: REDIRECT_URI,
    state: 'st-<"1">',
    nonce: 'n-42',
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });

  /** GET the login page, submit it, return the redirect. */
  async function signIn(challenge: string, username: string, password = DEMO_PASSWORD): Promise<Response> {
    const page = await fetch(authUrl(request(challenge)));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    const fields = { ...formFields(html), username, password };
    return fetch(new URL(formAction(html), idp.url), { ...formBody(fields), redirect: 'manual' });
  }

  async function codeFor(challenge: string, username: string): Promise<string> {
    const res = await signIn(challenge, username);
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    return location.searchParams.get('code')!;
  }

  const exchange = (code: string, verifier: string | undefined, redirectUri = REDIRECT_URI) =>
    fetch(
      tokenUrl(idp.issuer),
      formBody({
        grant_type: 'authorization_code',
        client_id: PORTAL,
        code,
        redirect_uri: redirectUri,
        ...(verifier !== undefined ? { code_verifier: verifier } : {}),
      }),
    );

  it('logs in through the form and exchanges the code with the verifier', async () => {
    const { verifier, challenge } = pkcePair();
    const page = await (await fetch(authUrl(request(challenge)))).text();
    assert.ok(!page.includes('st-<"1">'), 'the state is escaped in the page');
    assert.equal(formFields(page)['state'], 'st-<"1">');

    const res = await signIn(challenge, 'gongga-isco-secretary');
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
    assert.equal(location.searchParams.get('state'), 'st-<"1">');
    assert.equal(location.searchParams.get('iss'), idp.issuer);
    const code = location.searchParams.get('code');
    assert.ok(code);

    const tokens = await exchange(code, verifier);
    assert.equal(tokens.status, 200);
    const body = (await tokens.json()) as { access_token: string; id_token: string };
    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/protocol/openid-connect/certs`));
    const { payload } = await jwtVerify(body.access_token, jwks, { issuer: idp.issuer, audience: 'gateway' });
    assert.equal(payload['org'], 'isco-540522');
    assert.deepEqual((payload['realm_access'] as { roles: string[] }).roles, ['meeting-secretary']);
    assert.equal(decodeJwt(body.id_token)['nonce'], 'n-42');
  });

  it('re-renders the form on a wrong password and counts it toward the lockout', async () => {
    const { challenge } = pkcePair();
    for (let i = 0; i < 5; i++) {
      const res = await signIn(challenge, 'qushui-chief', 'wrong');
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Invalid username or password/);
    }
    const locked = await signIn(challenge, 'qushui-chief');
    assert.equal(locked.status, 200, 'locked user cannot sign in even with the right password');
  });

  it('rejects a wrong or missing verifier', async () => {
    const { challenge } = pkcePair();
    const wrong = await exchange(await codeFor(challenge, 'gongga-prosecutor'), pkcePair().verifier);
    assert.equal(wrong.status, 400);
    assert.equal(((await wrong.json()) as { error: string }).error, 'invalid_grant');
    const missing = await exchange(await codeFor(challenge, 'gongga-prosecutor'), undefined);
    assert.equal(missing.status, 400);
    assert.equal(((await missing.json()) as { error: string }).error, 'invalid_grant');
  });

  it('accepts a code once only, and only for its redirect URI', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await codeFor(challenge, 'city-chief');
    assert.equal((await exchange(code, verifier)).status, 200);
    const again = await exchange(code, verifier);
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as { error: string }).error, 'invalid_grant');
    const other = await exchange(
      await codeFor(challenge, 'city-chief'),
      verifier,
      'http://localhost:4200/other',
    );
    assert.equal(other.status, 400);
  });

  it('refuses a disallowed redirect URI or unknown client without redirecting', async () => {
    const { challenge } = pkcePair();
    for (const redirectUri of [
      'https://evil.example/cb',
      'http://localhost:4200@evil.example/cb',
      'http://localhost.evil.example/cb',
      'javascript:alert(1)',
    ]) {
      const res = await fetch(authUrl(request(challenge, { redirect_uri: redirectUri })), {
        redirect: 'manual',
      });
      assert.equal(res.status, 400, redirectUri);
      assert.equal(res.headers.get('location'), null);
    }
    const unknown = await fetch(authUrl(request(challenge, { client_id: 'nope' })), { redirect: 'manual' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers.get('location'), null);
    const gateway = await fetch(authUrl(request(challenge, { client_id: 'gateway' })), {
      redirect: 'manual',
    });
    assert.equal(gateway.status, 400);
  });

  it('requires an S256 challenge from the portal, reporting to the redirect URI', async () => {
    const res = await fetch(
      authUrl({ response_type: 'code', client_id: PORTAL, redirect_uri: REDIRECT_URI, state: 's1' }),
      { redirect: 'manual' },
    );
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.equal(location.searchParams.get('state'), 's1');
    assert.equal(location.searchParams.get('code'), null);
    const plain = await fetch(authUrl(request('x'.repeat(43), { code_challenge_method: 'plain' })), {
      redirect: 'manual',
    });
    assert.equal(new URL(plain.headers.get('location')!).searchParams.get('error'), 'invalid_request');
  });

  it('logs out to an allowed post-logout redirect URI only', async () => {
    const { verifier, challenge } = pkcePair();
    const tokens = (await (await exchange(await codeFor(challenge, 'city-secretary'), verifier)).json()) as {
      id_token: string;
    };
    const logout = `${idp.issuer}/protocol/openid-connect/logout`;
    const evil = await fetch(
      `${logout}?${new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: 'https://evil.example/' })}`,
      { redirect: 'manual' },
    );
    assert.equal(evil.status, 400);
    const ok = await fetch(
      `${logout}?${new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: 'http://localhost:4200/', state: 'bye' })}`,
      { redirect: 'manual' },
    );
    assert.equal(ok.status, 302);
    assert.equal(ok.headers.get('location'), 'http://localhost:4200/?state=bye');
  });
});
