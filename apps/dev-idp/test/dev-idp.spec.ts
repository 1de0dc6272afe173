import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { startDevIdp, type RunningDevIdp } from '../src/dev-idp.server.js';
import { DEMO_PASSWORD, formBody, PORTAL, passwordGrant, tokenUrl } from './helpers.js';

interface TokenResponse {
  access_token: string;
  refresh_token: string;
  id_token?: string;
  expires_in: number;
  refresh_expires_in: number;
  token_type: string;
  session_state: string;
  scope: string;
  'not-before-policy': number;
}

describe('dev-idp', () => {
  let idp: RunningDevIdp;
  before(async () => {
    idp = await startDevIdp({ port: 0 });
  });
  after(() => idp.close());

  const login = async (username: string, scope = 'openid'): Promise<TokenResponse> => {
    const res = await passwordGrant(idp.issuer, username, DEMO_PASSWORD, scope);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as TokenResponse;
  };

  it('serves a discovery document with Keycloak URL layout', async () => {
    assert.match(idp.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(idp.issuer, `${idp.url}/realms/yiti`);
    const res = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as Record<string, unknown>;
    const oidc = `${idp.issuer}/protocol/openid-connect`;
    assert.equal(doc['issuer'], idp.issuer);
    assert.equal(doc['authorization_endpoint'], `${oidc}/auth`);
    assert.equal(doc['token_endpoint'], `${oidc}/token`);
    assert.equal(doc['jwks_uri'], `${oidc}/certs`);
    assert.equal(doc['userinfo_endpoint'], `${oidc}/userinfo`);
    assert.equal(doc['end_session_endpoint'], `${oidc}/logout`);
    assert.deepEqual(doc['code_challenge_methods_supported'], ['S256']);
    assert.deepEqual(doc['id_token_signing_alg_values_supported'], ['RS256']);
    for (const g of ['authorization_code', 'password', 'refresh_token']) {
      assert.ok((doc['grant_types_supported'] as string[]).includes(g));
    }
    const jwks = (await (await fetch(`${oidc}/certs`)).json()) as { keys: Record<string, string>[] };
    assert.equal(jwks.keys.length, 1);
    const key = jwks.keys[0]!;
    assert.equal(key['kty'], 'RSA');
    assert.equal(key['use'], 'sig');
    assert.equal(key['alg'], 'RS256');
    assert.ok(key['kid'] && key['n'] && key['e']);
    assert.equal(key['d'], undefined, 'no private part');
  });

  it('issues Keycloak-shaped access tokens that verify against the JWKS for audience gateway', async () => {
    const body = await login('gongga-chief');
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 300);
    assert.equal(body.refresh_expires_in, 1800);
    assert.equal(body['not-before-policy'], 0);
    assert.equal(body.scope, 'openid profile email');
    assert.ok(body.id_token);
    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/protocol/openid-connect/certs`));
    const { payload, protectedHeader } = await jwtVerify(body.access_token, jwks, {
      issuer: idp.issuer,
      audience: 'gateway',
      algorithms: ['RS256'],
    });
    assert.equal(protectedHeader.typ, 'JWT');
    assert.ok(protectedHeader.kid);
    assert.equal(payload['typ'], 'Bearer');
    assert.deepEqual(payload.aud, ['gateway']);
    assert.equal(payload.sub, '6bcf7cde-9ab8-4c7e-9d9b-ba6e8fcb2c07');
    assert.equal(payload['azp'], PORTAL);
    assert.equal(payload['org'], 'proc-540522');
    assert.equal(payload['preferred_username'], 'gongga-chief');
    assert.equal(payload['given_name'], '拉巴');
    assert.equal(payload['family_name'], '顿珠');
    assert.equal(payload['name'], '拉巴 顿珠');
    assert.equal(payload['email_verified'], true);
    assert.deepEqual((payload['realm_access'] as { roles: string[] }).roles.sort(), [
      'chief-prosecutor',
      'prosecutor',
    ]);
    assert.equal(payload['sid'], body.session_state);
    assert.equal(payload['session_state'], body.session_state);
    assert.equal(payload['scope'], 'openid profile email');
    assert.match(payload.jti!, /^[0-9a-f-]{36}$/);
    assert.equal(payload.exp! - payload.iat!, 300);
    assert.equal(payload['auth_time'], payload.iat);

    const id = await jwtVerify(body.id_token, jwks, { issuer: idp.issuer, audience: PORTAL });
    assert.equal(id.payload['typ'], 'ID');
    assert.equal(id.payload['org'], 'proc-540522');
    await assert.rejects(jwtVerify(body.id_token, jwks, { issuer: idp.issuer, audience: 'gateway' }));
  });

  it('omits the ID token without the openid scope', async () => {
    const body = await login('qushui-prosecutor', '');
    assert.equal(body.id_token, undefined);
    assert.equal(body.scope, 'profile email');
    assert.equal(decodeJwt(body.access_token)['org'], 'proc-540124');
  });

  it('answers userinfo for an access token but not for a refresh token', async () => {
    const body = await login('gongga-police');
    const userinfo = `${idp.issuer}/protocol/openid-connect/userinfo`;
    const res = await fetch(userinfo, { headers: { Authorization: `Bearer ${body.access_token}` } });
    assert.equal(res.status, 200);
    const info = (await res.json()) as Record<string, unknown>;
    assert.equal(info['preferred_username'], 'gongga-police');
    assert.equal(info['org'], 'police-540522');
    assert.equal(info['sub'], decodeJwt(body.access_token).sub);
    const refresh = await fetch(userinfo, { headers: { Authorization: `Bearer ${body.refresh_token}` } });
    assert.equal(refresh.status, 401);
    assert.equal((await fetch(userinfo)).status, 401);
  });

  it('refuses a wrong password with 401 invalid_grant', async () => {
    const res = await passwordGrant(idp.issuer, 'city-chief', 'not-the-password');
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), {
      error: 'invalid_grant',
      error_description: 'Invalid user credentials',
    });
    const unknown = await passwordGrant(idp.issuer, 'nobody', DEMO_PASSWORD);
    assert.equal(unknown.status, 401);
    assert.equal(((await unknown.json()) as { error: string }).error, 'invalid_grant');
  });

  it('locks a user after five failures without revealing it, leaving other users alone', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await passwordGrant(idp.issuer, 'city-auditor', `wrong-${i}`);
      assert.equal(res.status, 401);
    }
    const locked = await passwordGrant(idp.issuer, 'city-auditor', DEMO_PASSWORD);
    assert.equal(locked.status, 401);
    assert.deepEqual(await locked.json(), {
      error: 'invalid_grant',
      error_description: 'Invalid user credentials',
    });
    const other = await passwordGrant(idp.issuer, 'city-secretary', DEMO_PASSWORD);
    assert.equal(other.status, 200);
  });

  it('resets the failure count on a successful login', async () => {
    for (let i = 0; i < 4; i++) await passwordGrant(idp.issuer, 'directory-admin', 'wrong');
    await login('directory-admin');
    for (let i = 0; i < 4; i++) await passwordGrant(idp.issuer, 'directory-admin', 'wrong');
    await login('directory-admin');
  });

  it('refreshes tokens with a refresh token bound to its client and session', async () => {
    const body = await login('region-chief');
    const refresh = decodeJwt(body.refresh_token);
    assert.equal(refresh['typ'], 'Refresh');
    assert.equal(refresh.aud, idp.issuer);
    assert.equal(refresh['azp'], PORTAL);
    assert.equal(decodeProtectedHeader(body.refresh_token).alg, 'RS256');
    const res = await fetch(
      tokenUrl(idp.issuer),
      formBody({ grant_type: 'refresh_token', client_id: PORTAL, refresh_token: body.refresh_token }),
    );
    assert.equal(res.status, 200);
    const next = (await res.json()) as TokenResponse;
    const claims = decodeJwt(next.access_token);
    assert.equal(claims['org'], 'proc-540000');
    assert.equal(claims['sid'], body.session_state);
    assert.notEqual(claims.jti, decodeJwt(body.access_token).jti);

    const forged = body.refresh_token.slice(0, -4) + (body.refresh_token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const bad = await fetch(
      tokenUrl(idp.issuer),
      formBody({ grant_type: 'refresh_token', client_id: PORTAL, refresh_token: forged }),
    );
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: string }).error, 'invalid_grant');
    const accessAsRefresh = await fetch(
      tokenUrl(idp.issuer),
      formBody({ grant_type: 'refresh_token', client_id: PORTAL, refresh_token: body.access_token }),
    );
    assert.equal(accessAsRefresh.status, 400);
  });

  it('ends the session on logout so its refresh token stops working', async () => {
    const body = await login('qushui-chief');
    const logout = await fetch(
      `${idp.issuer}/protocol/openid-connect/logout`,
      formBody({ client_id: PORTAL, refresh_token: body.refresh_token }),
    );
    assert.equal(logout.status, 204);
    const res = await fetch(
      tokenUrl(idp.issuer),
      formBody({ grant_type: 'refresh_token', client_id: PORTAL, refresh_token: body.refresh_token }),
    );
    assert.equal(res.status, 400);
    assert.equal((await fetch(`${idp.issuer}/protocol/openid-connect/logout`)).status, 204);
  });

  it('rejects unknown and bearer-only clients', async () => {
    const unknown = await fetch(
      tokenUrl(idp.issuer),
      formBody({
        grant_type: 'password',
        client_id: 'nope',
        username: 'city-chief',
        password: DEMO_PASSWORD,
      }),
    );
    assert.equal(unknown.status, 401);
    assert.equal(((await unknown.json()) as { error: string }).error, 'invalid_client');
    const gateway = await fetch(
      tokenUrl(idp.issuer),
      formBody({
        grant_type: 'password',
        client_id: 'gateway',
        username: 'city-chief',
        password: DEMO_PASSWORD,
      }),
    );
    assert.equal(gateway.status, 400);
    assert.equal(((await gateway.json()) as { error: string }).error, 'invalid_client');
    const grant = await fetch(
      tokenUrl(idp.issuer),
      formBody({ grant_type: 'client_credentials', client_id: PORTAL }),
    );
    assert.equal(grant.status, 400);
    assert.equal(((await grant.json()) as { error: string }).error, 'unsupported_grant_type');
  });

  it('answers malformed requests with 400 and keeps serving', async () => {
    const url = tokenUrl(idp.issuer);
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":',
    });
    assert.equal(json.status, 400);
    assert.equal(((await json.json()) as { error: string }).error, 'invalid_request');
    const latin1 = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Buffer.from([0x67, 0x72, 0x61, 0x6e, 0x74, 0x3d, 0xff, 0xfe]),
    });
    assert.equal(latin1.status, 400);
    const dup = await fetch(url, { ...formBody({}), body: 'grant_type=password&grant_type=refresh_token' });
    assert.equal(dup.status, 400);
    const empty = await fetch(url, formBody({}));
    assert.equal(empty.status, 400);
    const huge = await fetch(url, { ...formBody({}), body: 'x='.padEnd(200_000, 'a') });
    assert.equal(huge.status, 413);
    const badPercent = await fetch(url, { ...formBody({}), body: 'grant_type=%ZZ&client_id=yiti-portal' });
    assert.equal(badPercent.status, 400);
    assert.equal(((await badPercent.json()) as { error: string }).error, 'unsupported_grant_type');
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(idp.url).port), '127.0.0.1', () =>
        socket.write('GARBAGE\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(reply, /^HTTP\/1\.1 400/);
    assert.equal((await fetch(`${idp.url}/realms/other/.well-known/openid-configuration`)).status, 404);
    assert.equal((await fetch(`${idp.url}/nothing/here`)).status, 404);
    assert.equal((await fetch(`${idp.issuer}/.well-known/openid-configuration`)).status, 200);
  });

  it('answers CORS preflights for the portal origins only', async () => {
    const certs = `${idp.issuer}/protocol/openid-connect/token`;
    const ok = await fetch(certs, { method: 'OPTIONS', headers: { Origin: 'http://localhost:4200' } });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:4200');
    const evil = await fetch(certs, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
  });
});
