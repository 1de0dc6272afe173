import { createPublicKey, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importPKCS8,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
} from 'jose';

export interface TokenCase {
  readonly name: string;
  /** undefined = no Authorization header at all. */
  readonly token: string | undefined;
}

export interface TestTokens {
  /** A token the stack must accept; claims can be overridden. */
  valid(claims?: JWTPayload): Promise<string>;
  /** Tokens the stack must refuse with UNAUTHENTICATED, one per way a token can be wrong. */
  badTokens(): Promise<TokenCase[]>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs tokens with the development identity provider's key file (the stack is started with the same file),
 * so tests can make tokens that are wrong in exactly one way and check that the gateway and every service
 * refuse each of them.
 */
export async function testTokens(options: {
  keyFile: string;
  issuer: string;
  audience?: string;
}): Promise<TestTokens> {
  const key = await importPKCS8(readFileSync(options.keyFile, 'utf8'), 'RS256', { extractable: true });
  const jwk = await exportJWK(key);
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n!, e: jwk.e! });
  const audience = options.audience ?? 'gateway';

  const claims = (extra: JWTPayload = {}): JWTPayload => {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: options.issuer,
      aud: [audience],
      azp: 'yiti-portal',
      typ: 'Bearer',
      sub: randomUUID(),
      jti: randomUUID(),
      iat: now,
      exp: now + 300,
      preferred_username: 'matrix-user',
      org: 'proc-540522',
      realm_access: { roles: ['prosecutor'] },
      ...extra,
    };
  };
  const sign = (payload: JWTPayload, signingKey: CryptoKey = key, keyId = kid) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keyId }).sign(signingKey);
  const without = (name: string): JWTPayload => {
    const c = claims();
    delete c[name];
    return c;
  };

  return {
    valid: (extra) => sign(claims(extra)),
    async badTokens() {
      const now = Math.floor(Date.now() / 1000);
      const other = await generateKeyPair('RS256', { extractable: true });
      const publicPem = createPublicKey(readFileSync(options.keyFile, 'utf8')).export({
        type: 'spki',
        format: 'pem',
      }) as string;
      const valid = await sign(claims());
      const [h, , s] = valid.split('.');
      return [
        { name: 'no token', token: undefined },
        { name: 'malformed', token: 'not.a-jwt' },
        { name: 'alg none', token: `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims())}.` },
        {
          name: 'HS256 signed with the public key',
          token: await new SignJWT(claims())
            .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
            .sign(new TextEncoder().encode(publicPem)),
        },
        { name: 'wrong issuer', token: await sign(claims({ iss: 'http://127.0.0.1:1/realms/yiti' })) },
        { name: 'wrong audience', token: await sign(claims({ aud: ['account'] })) },
        { name: 'missing audience', token: await sign(without('aud')) },
        { name: 'expired', token: await sign(claims({ iat: now - 900, exp: now - 60 })) },
        { name: 'nbf in the future', token: await sign(claims({ nbf: now + 600 })) },
        { name: 'unknown kid', token: await sign(claims(), key, 'unknown-kid') },
        { name: 'key from another realm', token: await sign(claims(), other.privateKey) },
        { name: 'tampered payload', token: `${h}.${b64(claims({ org: 'proc-540000' }))}.${s}` },
        { name: 'refresh token as access token', token: await sign(claims({ typ: 'Refresh' })) },
        { name: 'issued too long ago', token: await sign(claims({ iat: now - 7200, exp: now + 300 })) },
        { name: 'missing org claim', token: await sign(without('org')) },
      ];
    },
  };
}
